using System.Net;
using System.Text.Json;
using Confluent.Kafka;
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
    private const string BacklogGauge = "ticketportal.kafka.relay.backlog";
    private static readonly string RouteStartCheckout = $"{Prefix}-{TicketRouteEvents.StartCheckout}";

    private static PortalProcess StartPortal(MockKafkaCluster kafka, DirectoryInfo? data = null, int? maxBytes = null) =>
        StartPortal(kafka.BootstrapServers, new Dictionary<string, string>
        {
            ["Kafka__MessageMaxBytes"] = maxBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1000000",
        }, data);

    private static PortalProcess StartPortal(string bootstrapServers, IDictionary<string, string> kafkaSettings, DirectoryInfo? data = null)
    {
        var settings = new Dictionary<string, string>(kafkaSettings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "true",
            ["Kafka__BootstrapServers"] = bootstrapServers,
            ["Kafka__DegradedAfterSeconds"] = "2",
            ["RateLimits__AuthPerMinute"] = "100000",
            ["RateLimits__HoldsPerMinute"] = "100000",
            ["RateLimits__CardPagePerMinute"] = "100000",
        };
        return PortalProcess.Start(settings, data);
    }

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
    public async Task TheBrokerDownInTheMiddleOfABurst_LosesNothing_AndKeepsEachTicketsOrder()
    {
        using var kafka = MockKafkaCluster.Start();
        await using var reader = new KafkaReader(kafka, DbCreated, DbUpdated);
        await using var portal = StartPortal(kafka);
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));
        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 100);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address))));

        // 24 buyers at once, each holding, checking out and paying (sandbox webhook): three changes per ticket. The
        // broker goes away after the sixth hold, while the rest of the burst (and sends already under way) go on.
        const int Journeys = 24;
        var holds = 0;
        var tickets = await Task.WhenAll(Enumerable.Range(0, Journeys).Select(async i =>
        {
            var buyer = buyers[i % buyers.Length];
            var id = await buyer.HeldTicketAsync(sale);
            if (Interlocked.Increment(ref holds) == 6)
                kafka.SetBrokerDown();
            var payment = await buyer.StartCheckoutAsync(id);
            Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
            await buyer.WaitForStatusAsync(id, "Paid");
            return id;
        }));
        var health = await Eventually.ReadUntilAsync(
            () => PortalPair.HealthCheckAsync(address, "kafka"),
            k => k.GetProperty("status").GetString() == "Degraded", TimeSpan.FromSeconds(20));
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("data").GetProperty("backlog").GetInt64() > 0);
        // The backlog is also a metric, read here as an operator would (dotnet-counters).
        Assert.True((await Counters.ReadAsync(portal.Id, KafkaRelay.MeterName)).GetValueOrDefault(BacklogGauge) > 0);

        kafka.SetBrokerUp();
        // Every ticket's three events, whichever topic's arrive first: a batch's sends to different topics (and
        // partitions) go out together, and only the order within a topic is kept.
        var records = await reader.UntilAsync(
            r => tickets.All(id => r.Any(x => x.Key == id && x.Topic == DbCreated) && r.Count(x => x.Key == id && x.Topic == DbUpdated) >= 2),
            TimeSpan.FromSeconds(90));

        foreach (var id in tickets)
        {
            Assert.Contains(records, r => r.Key == id && r.Topic == DbCreated);
            // Within a topic an object's events keep their order: checkout started (2), then paid (3). At least once:
            // a send the broker took just before it went away may come again, but never out of order.
            var updates = records.Where(r => r.Key == id && r.Topic == DbUpdated).Select(r => r.Sequence).ToList();
            Assert.Equal([2, 3], updates.Distinct());
            Assert.Equal(updates.Order(), updates);
        }
        await Eventually.ReadUntilAsync(
            async () => (await PortalPair.HealthCheckAsync(address, "kafka")).GetProperty("status").GetString(),
            s => s == "Healthy", TimeSpan.FromSeconds(20));
        Assert.Equal(0, (await Counters.ReadAsync(portal.Id, KafkaRelay.MeterName))[BacklogGauge]);
    }

    public static TheoryData<string, SaslMechanism, bool> SecuredBrokers => new()
    {
        { "PLAIN", SaslMechanism.Plain, false },
        { "SCRAM-SHA-256", SaslMechanism.ScramSha256, true },
        { "SCRAM-SHA-512", SaslMechanism.ScramSha512, true },
    };

    /// <summary>Seed 004: "valid Kafka user credentials". The broker (a SASL/TLS gateway in front of the mock
    /// cluster) only talks to a client that authenticates; the portal's credentials, CA file and topic prefix all
    /// come from its settings.</summary>
    [Theory]
    [MemberData(nameof(SecuredBrokers))]
    public async Task ASecuredBroker_GetsTheEvents_WithTheConfiguredCredentials_UnderTheTopicPrefix(string mechanism, SaslMechanism configured, bool tls)
    {
        using var kafka = MockKafkaCluster.Start();
        await using var gateway = KafkaSaslGateway.Start(kafka, mechanism, "ticketportal", "a-secret-from-configuration", tls);
        const string TopicPrefix = "staging.";
        await using var reader = new KafkaReader(kafka, gateway.BootstrapServers, c => Secure(c, gateway, configured, "a-secret-from-configuration"), TopicPrefix + DbCreated);
        await using var portal = StartPortal(gateway.BootstrapServers, SecuredSettings(gateway, configured, "a-secret-from-configuration", TopicPrefix));
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));

        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        var ticketId = await buyer.HeldTicketAsync(sale);

        var record = Assert.Single(await reader.UntilAsync(r => r.Any(x => x.Key == ticketId)), r => r.Key == ticketId);
        Assert.Equal(TopicPrefix + DbCreated, record.Topic);
        Assert.Equal(0, gateway.Refused);
        // The portal's producer and this reader both came in with the credentials.
        Assert.True(gateway.Authenticated >= 2, $"{gateway.Authenticated} authenticated connections");
    }

    [Fact]
    public async Task AWrongPassword_RelaysNothing_KeepsSelling_AndHealthSaysWhy()
    {
        using var kafka = MockKafkaCluster.Start();
        await using var gateway = KafkaSaslGateway.Start(kafka, "SCRAM-SHA-256", "ticketportal", "the-right-secret", tls: true);
        await using var portal = StartPortal(gateway.BootstrapServers, SecuredSettings(gateway, SaslMechanism.ScramSha256, "a-wrong-secret", ""));
        var address = await portal.AddressAsync(TimeSpan.FromSeconds(60));

        var sale = await ScaleOut.ScaleOut.OnSaleAsync(address, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(address, await PortalPair.RegisterAsync(address));
        await buyer.HeldTicketAsync(sale);

        var health = await Eventually.ReadUntilAsync(() => PortalPair.HealthCheckAsync(address, "kafka"),
            k => k.GetProperty("status").GetString() == "Degraded" && k.GetProperty("description").GetString()!.Contains("uthentication", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Contains("uthentication", health.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(health.GetProperty("data").GetProperty("backlog").GetInt64() > 0);
        Assert.True(gateway.Refused > 0);
        Assert.Equal(0, gateway.Authenticated);
    }

    private static Dictionary<string, string> SecuredSettings(KafkaSaslGateway gateway, SaslMechanism mechanism, string password, string topicPrefix)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kafka__SecurityProtocol"] = (gateway.CaFile is null ? SecurityProtocol.SaslPlaintext : SecurityProtocol.SaslSsl).ToString(),
            ["Kafka__SaslMechanism"] = mechanism.ToString(),
            ["Kafka__SaslUsername"] = "ticketportal",
            ["Kafka__SaslPassword"] = password,
            ["Kafka__TopicPrefix"] = topicPrefix,
        };
        if (gateway.CaFile is not null)
            settings["Kafka__SslCaLocation"] = gateway.CaFile;
        return settings;
    }

    private static void Secure(ClientConfig config, KafkaSaslGateway gateway, SaslMechanism mechanism, string password)
    {
        config.SecurityProtocol = gateway.CaFile is null ? SecurityProtocol.SaslPlaintext : SecurityProtocol.SaslSsl;
        config.SaslMechanism = mechanism;
        config.SaslUsername = "ticketportal";
        config.SaslPassword = password;
        config.SslCaLocation = gateway.CaFile;
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
