namespace Durably.Threading;

/// <summary>A pooled object that a <see cref="RecyclableCompletion{TResult}"/> gives back to its pool.</summary>
internal interface IRecyclable
{
    /// <summary>Clears the object and returns it to its pool; called once per use, when nobody holds it any more.</summary>
    void Recycle();
}
