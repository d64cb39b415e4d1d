using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Durably.Orders.Tests;

/// <summary>
/// The Orders web API as a real process on a real port: concurrent clients create orders and add
/// lines, the process is killed with SIGKILL in the middle of the load, restarted on the same log,
/// and the recovered state must hold every change that was answered 2xx and nothing that was not
/// attempted (a change in flight at the kill, never answered, may or may not be there).
/// </summary>
public sealed class KillAndRecoverTests
{
    private const int Clients = 8;

    [Fact]
    public async Task Every_change_answered_2xx_survives_a_SIGKILL_and_nothing_unasked_appears()
    {
        string root = Directory.CreateTempSubdirectory("durably-orders-").FullName;
        try
        {
            var attemptedOrders = new ConcurrentDictionary<string, bool>();
            var acknowledgedOrders = new ConcurrentDictionary<string, bool>();
            var attemptedLines = new ConcurrentDictionary<string, string>(); // line id → order id
            var acknowledgedLines = new ConcurrentDictionary<string, string>();
            long answered = 0;

            using (OrdersService service = await OrdersService.StartAsync(root))
            {
                using var stop = new CancellationTokenSource();
                Task[] clients = [.. Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
                {
                    using var http = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(10) };
                    for (int n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
                    {
                        string order = string.Create(CultureInfo.InvariantCulture, $"c{c}-o{n}");
                        attemptedOrders[order] = true;
                        if (!await Succeeds(http, "orders", new { id = order, customer = "customer-" + c }))
                        {
                            return;
                        }

                        acknowledgedOrders[order] = true;
                        Interlocked.Increment(ref answered);
                        for (int l = 0; l < 3; l++)
                        {
                            string line = order + "-l" + l.ToString(CultureInfo.InvariantCulture);
                            attemptedLines[line] = order;
                            if (!await Succeeds(http, $"orders/{order}/lines", new { lineId = line, sku = "sku-" + l, quantity = l + 1, unitPrice = 2.5m }))
                            {
                                return;
                            }

                            acknowledgedLines[line] = order;
                            Interlocked.Increment(ref answered);
                        }
                    }
                }))];

                // Kill in the middle of the load: after some hundreds of answers, while all clients are busy.
                while (Interlocked.Read(ref answered) < 300 && !clients.All(t => t.IsCompleted))
                {
                    await Task.Delay(20);
                }

                service.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(clients);
            }

            Assert.True(acknowledgedLines.Count >= 100, $"only {acknowledgedLines.Count} lines were answered before the kill");

            using (OrdersService restarted = await OrdersService.StartAsync(root))
            {
                using var http = new HttpClient { BaseAddress = restarted.Address };
                JsonElement[] orders = await http.GetFromJsonAsync<JsonElement[]>(new Uri("orders", UriKind.Relative)) ?? [];
                var recoveredOrders = orders.Select(o => o.GetProperty("id").GetString()!).ToHashSet();
                var recoveredLines = orders
                    .SelectMany(o => o.GetProperty("lines").EnumerateArray().Select(l => (Line: l.GetProperty("lineId").GetString()!, Order: o.GetProperty("id").GetString()!)))
                    .ToList();

                Assert.All(acknowledgedOrders.Keys, o => Assert.Contains(o, recoveredOrders));
                Assert.All(recoveredOrders, o => Assert.True(attemptedOrders.ContainsKey(o), $"order {o} was never asked for"));
                var recoveredLineIds = recoveredLines.Select(l => l.Line).ToHashSet();
                Assert.Equal(recoveredLines.Count, recoveredLineIds.Count); // no line twice
                Assert.All(acknowledgedLines.Keys, l => Assert.Contains(l, recoveredLineIds));
                Assert.All(recoveredLines, l => Assert.True(
                    attemptedLines.TryGetValue(l.Line, out string? order) && order == l.Order,
                    $"line {l.Line} in order {l.Order} was never asked for"));

                // At most one change per client was in flight at the kill.
                Assert.InRange(recoveredOrders.Count - acknowledgedOrders.Count + recoveredLines.Count - acknowledgedLines.Count, 0, Clients);

                // And the service works on after recovery.
                Assert.True(await Succeeds(http, "orders", new { id = "after-restart", customer = "c" }));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
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
