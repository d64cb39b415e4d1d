using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Durably.Runtime;

/// <summary>The family of a MessagePack value, as seen from its format code.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are the MessagePack specification's type families, as MessagePack-CSharp users know them.")]
[EditorBrowsable(EditorBrowsableState.Never)]
public enum MessagePackType
{
    /// <summary>The code is not valid MessagePack (0xc1).</summary>
    Unknown = 0,

    /// <summary>Any integer format: positive/negative fixint, uint 8..64, int 8..64.</summary>
    Integer = 1,

    /// <summary>nil.</summary>
    Nil = 2,

    /// <summary>true or false.</summary>
    Boolean = 3,

    /// <summary>float 32 or float 64.</summary>
    Float = 4,

    /// <summary>fixstr or str 8/16/32.</summary>
    String = 5,

    /// <summary>bin 8/16/32.</summary>
    Binary = 6,

    /// <summary>fixarray or array 16/32.</summary>
    Array = 7,

    /// <summary>fixmap or map 16/32.</summary>
    Map = 8,

    /// <summary>fixext 1/2/4/8/16 or ext 8/16/32.</summary>
    Extension = 9,
}
