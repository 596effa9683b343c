using System.Net;
using System.Text.Json;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.EventStream;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.EventStream;

/// <summary>Seed 004's event stream on Kafka, against librdkafka's mock cluster on loopback (in this test process,
/// so a test can take its broker down), with the portal as its own process.</summary>
[Trait("Host", "Process")]
[Collection(ProcessCollection.Name)]
public sealed class KafkaRelayTests
{
    private const string Prefix = Topics.DefaultPrefix;
    private static readonly string DbCreated = $"{Prefix}-dbevent-ticket-created";
    private static readonly string DbUpdated = $"{Prefix}-dbevent-ticket-updated";
    private static readonly string IndexCreated = "elastic-index-tickatme_ticket-created";
    private static readonly string RouteStartCheckout = $"{Prefix}-{TicketRouteEvents.StartCheckout}";

    private static PortalProcess StartPortal(MockKafkaCluster kafka, DirectoryInfo? data = null, int? maxBytes = null) => PortalProcess.Start(new Dictionary<string, string>
    {
        ["Kafka__MessageMaxBytes"] = maxBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1000000",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Demo__Seed"] = "true",
        ["Kafka__BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka__DegradedAfterSeconds"] = "2",
        ["RateLimits__AuthPerMinute"] = "100000",
        ["RateLimits__HoldsPerMinute"] = "100000",
    }, data);

    [Fact]
    public async Task APurchase_ReachesEverySeedTopic_KeyedByTheTicket_WithItsHeaders()
    {
        using var kafka = MockKafkaCluster.Start();
        await using var portal = StartPortal(kafka);
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
        await using var reader = new KafkaReader(kafka, DbCreated, DbUpdated, IndexCreated, RouteStartCheckout);

        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        var ticketId = await buyer.HeldTicketAsync(sale);
        await buyer.StartCheckoutAsync(ticketId);

        var records = await reader.UntilAsync(r => new[] { DbCreated, DbUpdated, IndexCreated, RouteStartCheckout }.All(t => r.Any(x => x.Topic == t && x.Key == ticketId)));
        var created = Assert.Single(records, r => r.Topic == DbCreated);
        Assert.Equal(ticketId, created.Value.GetProperty("id").GetString());
        Assert.True(Guid.TryParse(created.EventId, out _));
        Assert.True(DateTime.TryParse(created.OccurredAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _));
        Assert.Equal(1, created.Sequence);
        // Database events carry the old values of what changed (seed 004), index events the whole entity.
        var updated = records.First(r => r.Topic == DbUpdated);
        Assert.Equal("Reserved", updated.Value.GetProperty("old_ticket").GetProperty("status").GetString());
        Assert.Equal("CheckoutStarted", updated.Value.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal(ticketId, records.First(r => r.Topic == IndexCreated).Value.GetProperty("id").GetString());
        // Route events carry the REST envelope.
        Assert.Equal(JsonValueKind.Object, records.First(r => r.Topic == RouteStartCheckout).Value.ValueKind);
        // A topic's events of one ticket share its partition.
        Assert.Single(records.Where(r => r.Key == ticketId && r.Topic == DbUpdated).Select(r => r.Partition).Distinct());
    }

    [Fact]
    public async Task TheBrokerDownMidSale_LosesNothing_AndKeepsEachTicketsOrder()
    {
        using var kafka = MockKafkaCluster.Start();
        await using var reader = new KafkaReader(kafka, DbCreated, DbUpdated);
        await using var portal = StartPortal(kafka);
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 100);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        var before = await buyer.HeldTicketAsync(sale);

        kafka.SetBrokerDown();
        // Each ticket changes twice while the broker is away: checkout started, then paid (sandbox webhook).
        var during = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await buyer.HeldTicketAsync(sale);
            var payment = await buyer.StartCheckoutAsync(id);
            Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
            await buyer.WaitForStatusAsync(id, "Paid");
            during.Add(id);
        }
        var health = await Eventually.ReadUntilAsync(
            () => PortalPair.HealthCheckAsync(address, "kafka"),
            k => k.GetProperty("status").GetString() == "Degraded", TimeSpan.FromSeconds(20));
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("data").GetProperty("backlog").GetInt64() > 0);

        kafka.SetBrokerUp();
        var records = await reader.UntilAsync(
            r => r.Any(x => x.Key == before) && during.All(id => r.Count(x => x.Key == id && x.Topic == DbUpdated) >= 2), TimeSpan.FromSeconds(60));

        Assert.Contains(records, r => r.Key == before && r.Topic == DbCreated);
        foreach (var id in during)
        {
            Assert.Contains(records, r => r.Key == id && r.Topic == DbCreated);
            // Within a topic an object's events keep their order: checkout started (2), then paid (3).
            var updates = records.Where(r => r.Key == id && r.Topic == DbUpdated).Select(r => r.Sequence).ToList();
            Assert.Equal([2, 3], updates);
        }
        await Eventually.ReadUntilAsync(
            async () => (await PortalPair.HealthCheckAsync(address, "kafka")).GetProperty("status").GetString(),
            s => s == "Healthy", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AnEventKafkaRefusesForGood_IsSetAside_AndTheOthersStillGoOut()
    {
        using var kafka = MockKafkaCluster.Start();
        // Well above any ticket event (the largest, an update with the old and new ticket, is about 2.5 kB); a
        // service request carrying 6000 characters of text is not.
        await using var portal = StartPortal(kafka, maxBytes: 4000);
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
        await using var reader = new KafkaReader(kafka, DbCreated);
        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        var first = await buyer.HeldTicketAsync(sale);
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(first)).GetProperty("redirectUrl").GetString()!)).StatusCode);
        await buyer.WaitForStatusAsync(first, "Paid");

        await buyer.OpenAsync("general_question", first, new { text = new string('x', 6000) });
        var second = await buyer.HeldTicketAsync(sale);

        // The refused events (before the second hold) did not hold it up.
        var records = await reader.UntilAsync(r => r.Any(x => x.Key == second));
        Assert.Contains(records, r => r.Key == second);
        var kafkaHealth = await Eventually.ReadUntilAsync(() => PortalPair.HealthCheckAsync(address, "kafka"),
            k => k.GetProperty("data").GetProperty("refused").GetInt32() > 0, TimeSpan.FromSeconds(30));
        Assert.True(kafkaHealth.GetProperty("status").GetString() == "Degraded",
            $"{kafkaHealth}\n{string.Join('\n', portal.Output.Split('\n').Where(l => l.Contains("afka", StringComparison.Ordinal)).TakeLast(20))}");
        Assert.Contains("refused", kafkaHealth.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortalKilledAfterCommitBeforeTheRelay_DeliversAfterItsRestart()
    {
        using var kafka = MockKafkaCluster.Start();
        await using var reader = new KafkaReader(kafka, DbCreated);
        var data = Directory.CreateTempSubdirectory("ticketportal-kafka-crash-");
        string ticketId;
        kafka.SetBrokerDown();
        await using (var portal = StartPortal(kafka, data))
        {
            var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
            var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
            var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
            ticketId = await buyer.HeldTicketAsync(sale);
            await portal.KillAsync();
        }
        kafka.SetBrokerUp();

        await using var restarted = StartPortal(kafka, data);
        await restarted.AddressAsync(TimeSpan.FromSeconds(60));
        var records = await reader.UntilAsync(r => r.Any(x => x.Key == ticketId));

        Assert.Contains(records, r => r.Key == ticketId);
        try { data.Delete(recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task TheEmbeddedBroker_InDevelopment_LogsItsAddress_AndCarriesThePortalsEvents()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "true",
            ["Kafka__Embedded"] = "true",
        });
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
        var bootstrap = await Eventually.ReadUntilAsync(
            () => Task.FromResult(System.Text.RegularExpressions.Regex.Match(portal.Output, @"IN-MEMORY mock cluster.*? at (\S+);").Groups[1].Value),
            b => b.Length > 0, TimeSpan.FromSeconds(20));
        Assert.NotEmpty(bootstrap);
        await using var reader = new KafkaReader(bootstrap, DbCreated);

        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        var ticketId = await buyer.HeldTicketAsync(sale);

        Assert.Contains(await reader.UntilAsync(r => r.Any(x => x.Key == ticketId)), r => r.Key == ticketId);
    }

    [Fact]
    public async Task TheEmbeddedBroker_OutsideDevelopment_StopsTheStart()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stripe__Sandbox"] = "true",
            ["Kafka__Embedded"] = "true",
        });

        Assert.NotEqual(0, await portal.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(EventStreamFeature.EmbeddedOutsideDevelopment, portal.Output, StringComparison.Ordinal);
    }
}
