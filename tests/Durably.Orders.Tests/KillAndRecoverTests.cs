using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Durably.Orders.Tests;

/// <summary>
/// The Orders web API as a real process on a real port: concurrent clients create orders, add lines,
/// pay and ship some of them; the process is killed with SIGKILL in the middle of the load, restarted
/// on the same log, and every recovered order must be exactly what the changes answered 2xx made it
/// (its lines with their values, what was paid, whether it shipped) and hold nothing that was not
/// attempted. Each client waits for each answer, so at most one change per client was in flight at
/// the kill: never answered, it may or may not be there.
/// </summary>
public sealed class KillAndRecoverTests
{
    private const int Clients = 8;

    [Fact]
    public async Task Every_change_answered_2xx_survives_a_SIGKILL_with_its_values_and_nothing_unasked_appears()
    {
        string root = Directory.CreateTempSubdirectory("durably-orders-").FullName;
        try
        {
            ClientRecord[] records = [.. Enumerable.Range(0, Clients).Select(_ => new ClientRecord())];
            long answered = 0;

            using (OrdersService service = await OrdersService.StartAsync(root))
            {
                using var stop = new CancellationTokenSource();
                Task[] clients = [.. Enumerable.Range(0, Clients).Select(c => Task.Run(() => RunClientAsync(service.Address, c, records[c], () => Interlocked.Increment(ref answered), stop.Token)))];

                // Kill in the middle of the load: after some hundreds of answers, while all clients are busy.
                while (Interlocked.Read(ref answered) < 400 && !clients.All(t => t.IsCompleted))
                {
                    await Task.Delay(20);
                }

                service.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(clients);
            }

            Dictionary<string, ExpectedOrder> acknowledged = records.SelectMany(r => r.Acknowledged).ToDictionary(o => o.Key, o => o.Value);
            Assert.True(acknowledged.Values.Sum(o => o.Lines.Count) >= 100, $"only {acknowledged.Values.Sum(o => o.Lines.Count)} lines were answered before the kill");
            Assert.Contains(acknowledged.Values, o => o.Paid > 0 && !o.Shipped);
            Assert.Contains(acknowledged.Values, o => o.Shipped);

            using (OrdersService restarted = await OrdersService.StartAsync(root))
            {
                using var http = new HttpClient { BaseAddress = restarted.Address };
                JsonElement[] orders = await http.GetFromJsonAsync<JsonElement[]>(new Uri("orders", UriKind.Relative)) ?? [];
                Dictionary<string, ExpectedOrder> recovered = orders.Select(Read).ToDictionary(o => o.Id);
                Assert.Equal(orders.Length, recovered.Count); // no order twice

                // Every order answered 2xx is there.
                Assert.All(acknowledged.Keys, id => Assert.True(recovered.ContainsKey(id), $"order {id} was answered 2xx but is gone"));

                // Every recovered order is exactly what its answered changes made it, or that plus the one
                // change its client had in flight at the kill; no order appears that was never asked for.
                int inFlightApplied = 0;
                foreach (ExpectedOrder order in recovered.Values)
                {
                    ClientRecord? owner = records.FirstOrDefault(r => r.Attempted.Contains(order.Id));
                    Assert.True(owner is not null, $"order {order.Id} was never asked for");
                    string actual = order.Describe();
                    string? answeredState = owner.Acknowledged.TryGetValue(order.Id, out ExpectedOrder? expected) ? expected.Describe() : null;
                    string? withInFlight = owner.InFlight is { } change && change.Id == order.Id ? change.Describe() : null;
                    Assert.True(
                        actual == answeredState || actual == withInFlight,
                        $"order {order.Id} recovered as {actual}; the changes answered 2xx made it {answeredState ?? "(nothing)"}"
                        + (withInFlight is null ? string.Empty : $", or with the change in flight {withInFlight}"));
                    if (actual != answeredState)
                    {
                        inFlightApplied++;
                    }
                }

                Assert.InRange(inFlightApplied, 0, Clients);

                // And the service works on after recovery: a new order through every kind of change.
                Assert.True(await Succeeds(http, "orders", new { id = "after-restart", customer = "c" }));
                Assert.True(await Succeeds(http, "orders/after-restart/lines", new { lineId = "l", sku = "s", quantity = 2, unitPrice = 1.25m }));
                Assert.True(await Succeeds(http, "orders/after-restart/pay", new { amount = 2.5m }));
                Assert.True(await Succeeds(http, "orders/after-restart/ship", new { }));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// One client: order after order, create, three lines with varying values, then pay every second
    /// order and ship every fourth; each change recorded once answered 2xx, the unanswered one as in flight.
    /// </summary>
    private static async Task RunClientAsync(Uri address, int client, ClientRecord record, Action answered, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        for (int n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"c{client}-o{n}");
            var order = new ExpectedOrder(id, "customer-" + client, [], 0, false);
            record.Attempted.Add(id);
            if (!await ChangeAsync(http, record, "orders", new { id, customer = order.Customer }, order, answered))
            {
                return;
            }

            for (int l = 0; l < 3; l++)
            {
                var line = new ExpectedLine(
                    string.Create(CultureInfo.InvariantCulture, $"{id}-l{l}"),
                    "sku-" + ((n + l) % 7).ToString(CultureInfo.InvariantCulture),
                    1 + ((n + (2 * l)) % 5),
                    2.5m + l + ((n % 9) * 0.35m));
                order = order.WithLine(line);
                if (!await ChangeAsync(http, record, $"orders/{id}/lines", new { lineId = line.LineId, sku = line.Sku, quantity = line.Quantity, unitPrice = line.UnitPrice }, order, answered))
                {
                    return;
                }
            }

            if (n % 2 == 0)
            {
                order = order with { Paid = order.Total };
                if (!await ChangeAsync(http, record, $"orders/{id}/pay", new { amount = order.Total }, order, answered))
                {
                    return;
                }
            }

            if (n % 4 == 0)
            {
                order = order with { Shipped = true };
                if (!await ChangeAsync(http, record, $"orders/{id}/ship", new { }, order, answered))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one change; records the order as it is after it (acknowledged on 2xx, in flight when unanswered).</summary>
    private static async Task<bool> ChangeAsync(HttpClient http, ClientRecord record, string path, object body, ExpectedOrder after, Action answered)
    {
        record.InFlight = after;
        if (!await Succeeds(http, path, body))
        {
            return false;
        }

        record.Acknowledged[after.Id] = after;
        record.InFlight = null;
        answered();
        return true;
    }

    private static ExpectedOrder Read(JsonElement order)
    {
        ExpectedLine[] lines = [.. order.GetProperty("lines").EnumerateArray().Select(l => new ExpectedLine(
            l.GetProperty("lineId").GetString()!,
            l.GetProperty("sku").GetString()!,
            l.GetProperty("quantity").GetInt32(),
            l.GetProperty("unitPrice").GetDecimal()))];
        var read = new ExpectedOrder(
            order.GetProperty("id").GetString()!,
            order.GetProperty("customer").GetString()!,
            lines,
            order.GetProperty("paid").GetDecimal(),
            order.GetProperty("shipped").GetBoolean());
        Assert.Equal(read.Total, order.GetProperty("total").GetDecimal());
        return read;
    }

    /// <summary>What one client asked for and what was answered 2xx (each client is one task: no sharing).</summary>
    private sealed class ClientRecord
    {
        internal HashSet<string> Attempted { get; } = [];

        internal Dictionary<string, ExpectedOrder> Acknowledged { get; } = [];

        /// <summary>The order as it would be after the change sent but never answered (null: none).</summary>
        internal ExpectedOrder? InFlight { get; set; }
    }

    private static async Task<bool> Succeeds(HttpClient http, string path, object body)
    {
        try
        {
            using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return true;
        }
        catch (HttpRequestException)
        {
            return false; // the process is gone: this change's outcome is unknown
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
