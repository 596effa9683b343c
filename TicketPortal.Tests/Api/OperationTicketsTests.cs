using System.Net;
using Hangfire;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Operations;
using TicketPortal.Operations;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seed 000's operation tickets: the JSON contract, the DeleteTickets operation, failures as the seed
/// shows them, retries, the watchdog and who may read a ticket.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class OperationTicketsTests(PortalFactory portal)
{
    private static readonly string[] SeedFields =
    [
        "additionalQueryParameter", "details", "initiator", "objectIds", "operation", "correlationId", "errorCode",
        "errorMessage", "finished", "id", "started", "status", "type",
    ];

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex TraceParent();

    [Fact]
    public async Task BulkDelete_Answers202WithASeedShapedPendingTicket_ThenCompletes_AndTheHeldPlacesReturn()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var ids = new[] { await buyer.HeldTicketAsync(sale, 2), await buyer.HeldTicketAsync(sale, 1) };
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets/bulk-delete") { Content = JsonContent.Create(new { ticketIds = ids }) };
        request.Headers.Add("traceparent", traceparent);

        var response = await buyer.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("202", body.GetProperty("statusCode").GetString());
        var pending = body.GetProperty("operationTicket");
        Assert.All(SeedFields, f => Assert.True(pending.TryGetProperty(f, out _), $"missing {f}"));
        Assert.Equal("OperationTicket", pending.GetProperty("type").GetString());
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Equal("DeleteTickets", pending.GetProperty("operation").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", pending.GetProperty("finished").GetString());
        Assert.Equal(0, pending.GetProperty("errorCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("errorMessage").ValueKind);
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("details").ValueKind);
        Assert.Equal(traceparent, pending.GetProperty("correlationId").GetString());
        Assert.Equal(ids, pending.GetProperty("objectIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/v1/operation-tickets/{pending.GetProperty("id").GetString()}");

        var done = await buyer.WaitForOperationAsync(response.Headers.Location.ToString(), "Completed");
        Assert.NotEqual("0001-01-01T00:00:00Z", done.GetProperty("finished").GetString());
        Assert.Equal(2, done.GetProperty("progress").GetProperty("done").GetInt32());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        foreach (var id in ids)
            Assert.False((await buyer.TicketAsync(id)).GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task BulkDelete_IncludingAPaidTicket_FailsAsTheSeedShows_AndTouchesNothing()
    {
        var (sale, buyer, paidId, payment) = await portal.CheckoutStartedAsync(capacity: 10);
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
        await buyer.WaitForStatusAsync(paidId, "Paid");
        var heldId = await buyer.HeldTicketAsync(sale, 2);

        var response = await buyer.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = new[] { heldId, paidId } });
        var failed = await buyer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Failure");

        Assert.Equal(400, failed.GetProperty("errorCode").GetInt32());
        Assert.Equal("Validation failed.", failed.GetProperty("errorMessage").GetString());
        var details = failed.GetProperty("details");
        Assert.Equal("Unable to complete the operation", details.GetProperty("Title").GetString());
        Assert.Equal(400, details.GetProperty("Status").GetInt32());
        Assert.Equal("Validation failed.", details.GetProperty("Detail").GetString());
        Assert.Equal("BadRequest", details.GetProperty("Extensions").GetProperty("StatusCode").GetString());
        var result = Assert.Single(details.GetProperty("Extensions").GetProperty("ValidationResults").EnumerateArray());
        Assert.Equal("TicketId", result.GetProperty("Member").GetString());
        Assert.Contains(paidId, result.GetProperty("ErrorMessage").GetString());
        Assert.True(result.TryGetProperty("AdditionalInformation", out _));

        var held = await buyer.TicketAsync(heldId);
        Assert.Equal("Reserved", held.GetProperty("status").GetString());
        Assert.True(held.GetProperty("isActive").GetBoolean());
        Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task BulkDelete_WithNoTickets_Is400OnTheField()
    {
        var buyer = await portal.NewUserClientAsync();
        var response = await buyer.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("ticketIds", out _));
    }

    [Fact]
    public async Task AnotherUsersOperationTicket_IsNotFound_AndListsShowOnlyTheCallersOwn()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var owner = await portal.NewUserClientAsync();
        var response = await owner.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = new[] { await owner.HeldTicketAsync(sale) } });
        var location = response.Headers.Location!.ToString();
        var stranger = await portal.NewUserClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(location)).StatusCode);
        Assert.Equal(0, (await (await stranger.GetAsync("/api/v1/operation-tickets")).BodyAsync()).GetProperty("operationTickets").GetArrayLength());
        var mine = await (await owner.GetAsync("/api/v1/operation-tickets?operation=DeleteTickets")).BodyAsync();
        Assert.Equal(1, mine.GetProperty("operationTickets").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/v1/operation-tickets?status=Sleeping")).StatusCode);
    }

    [Fact]
    public async Task StatusChanges_ArePublishedOnTheOperationTicketTopic()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var heldId = await buyer.HeldTicketAsync(sale);
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        await hub.SubscribeAsync("tickatme-ticket-service-operationticket-updated");

        await buyer.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = new[] { heldId } });

        var completed = await hub.WaitForAsync(e => e.Payload.GetProperty("operationTicket").GetProperty("status").GetString() == "Completed");
        Assert.Equal("Pending", completed.Payload.GetProperty("old_operationTicket").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnUnexpectedError_LeavesTheTicketPendingForARetry_AndTheLastAttemptEndsItAsFailure500WithoutInternals()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<OperationTickets>();
        var ticket = await tickets.StartAsync(new Actor(Guid.NewGuid().ToString(), false), "Explode", [Guid.NewGuid()], "00-" + new string('a', 32) + "-" + new string('b', 16) + "-01", "{}");
        var handler = new ThrowingHandler();

        await Assert.ThrowsAsync<InvalidOperationException>(() => tickets.RunAsync(ticket.Id, handler, lastAttempt: false));
        Assert.Equal(OperationStatus.Pending, (await tickets.FindAsync(ticket.Id))!.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tickets.RunAsync(ticket.Id, handler, lastAttempt: true));

        var failed = (await tickets.FindAsync(ticket.Id))!;
        Assert.Equal(OperationStatus.Failure, failed.Status);
        Assert.Equal(500, failed.ErrorCode);
        Assert.Equal(2, failed.Attempts);
        Assert.DoesNotContain("secret stack", failed.ErrorMessage + failed.Details);
        Assert.DoesNotContain(" at ", failed.ErrorMessage + failed.Details);
    }

    [Fact]
    public async Task AJobThatThrows_IsRetriedByHangfire_ThenEndsAsFailure500()
    {
        var owner = await portal.NewUserClientAsync();
        var ownerId = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/tickets")).GetProperty("userId").GetString()!;
        await using var scope = portal.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<OperationTickets>();
        // Input no handler can read: every attempt throws.
        var ticket = await tickets.StartAsync(new Actor(ownerId, false), ExportAttendeesOperation.Name, [Guid.NewGuid()],
            "00-" + new string('e', 32) + "-" + new string('f', 16) + "-01", "not json");
        scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<OperationJobs>(j => j.RunAsync(ticket.Id, 1, CancellationToken.None));

        var failed = await owner.WaitForOperationAsync($"/api/v1/operation-tickets/{ticket.Id}", "Failure");

        Assert.Equal(500, failed.GetProperty("errorCode").GetInt32());
        Assert.Equal(OperationDetails.Unexpected, failed.GetProperty("errorMessage").GetString());
        Assert.Equal(2, (await tickets.FindAsync(ticket.Id))!.Attempts); // the first run and the one retry the tests allow
    }

    [Fact]
    public async Task TheWatchdog_FailsAPendingTicketWhoseJobIsGone()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<OperationTickets>();
        var ticket = await tickets.StartAsync(new Actor(Guid.NewGuid().ToString(), false), DeleteTicketsOperation.Name, [], "00-" + new string('c', 32) + "-" + new string('d', 16) + "-01", "{}");
        await portal.WithDbAsync(db => db.OperationTickets.Where(t => t.Id == ticket.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, DateTime.UtcNow.AddHours(-2))));

        await scope.ServiceProvider.GetRequiredService<OperationJobs>().FailLostAsync(CancellationToken.None);

        var lost = (await tickets.FindAsync(ticket.Id))!;
        Assert.Equal(OperationStatus.Failure, lost.Status);
        Assert.Equal(500, lost.ErrorCode);
    }

    private sealed class ThrowingHandler : IOperationHandler
    {
        public string Operation => "Explode";

        public Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct) =>
            throw new InvalidOperationException("secret stack detail");
    }
}
