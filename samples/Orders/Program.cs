using Durably;
using OrdersSample;

// Orders: a minimal API over a [DurableState] class. Every 2xx answer to a change is given only
// after the change is durable in both log copies; after a crash the service replays the log.
// Configuration: Durably:PrimaryDirectory and Durably:SecondaryDirectory (command line, environment
// or appsettings), e.g. `dotnet run -- --Durably:PrimaryDirectory /disk1/orders --Durably:SecondaryDirectory /disk2/orders`.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddDurableState<OrderBook>((services, options) =>
{
    IConfiguration configuration = services.GetRequiredService<IConfiguration>();
    options.PrimaryDirectory = configuration["Durably:PrimaryDirectory"] ?? Path.Combine(Path.GetTempPath(), "durably-orders", "primary");
    options.SecondaryDirectory = configuration["Durably:SecondaryDirectory"] ?? Path.Combine(Path.GetTempPath(), "durably-orders", "secondary");
});
builder.Services.AddHealthChecks();

WebApplication app = builder.Build();

app.MapPost("/orders", (CreateOrderRequest request, OrderBook book) =>
    Change(async () => await book.CreateOrderAsync(request.Id, request.Customer), () => Results.Created($"/orders/{request.Id}", null)));
app.MapPost("/orders/{id}/lines", (string id, AddLineRequest request, OrderBook book) =>
    Change(async () => await book.AddLineAsync(id, request.LineId, request.Sku, request.Quantity, request.UnitPrice), Results.NoContent));
app.MapPost("/orders/{id}/pay", (string id, PayRequest request, OrderBook book) =>
    Change(async () => await book.PayAsync(id, request.Amount), Results.NoContent));
app.MapPost("/orders/{id}/ship", (string id, OrderBook book) =>
    Change(async () => await book.ShipAsync(id), Results.NoContent));
app.MapGet("/orders/{id}", (string id, OrderBook book) =>
    book.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());
app.MapGet("/orders", (OrderBook book) => Results.Ok(book.All()));
app.MapHealthChecks("/health");

app.Run();

// 2xx only once the operation is durable and applied; a rejected input is 409 (nothing changed);
// a log that faulted or is full is 503 (the outcome of a faulted call is unknown; a full log refused it).
static async Task<IResult> Change(Func<Task> operation, Func<IResult> success)
{
    try
    {
        await operation();
        return success();
    }
    catch (OrderRejectedException e)
    {
        return Results.Conflict(new { error = e.Message });
    }
    catch (DurableLogException e)
    {
        return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
