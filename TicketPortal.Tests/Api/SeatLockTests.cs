using System.Net;
using System.Net.Http.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seed 002's lock and unlock, row by row of its contract: limits, 200 / 207 / 422, error types,
/// idempotency, and what a lock freezes.</summary>
[Collection(PortalCollection.Name)]
public sealed class SeatLockTests(PortalFactory portal)
{
    [Fact]
    public async Task LockThenUnlock_AllSucceed_200WithTokenAndOwner_RequestIdEchoed()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var requestId = Guid.NewGuid().ToString();

        var locked = await portal.Anonymous().SendAsync(Seating.LockRequest(app, "lock", seated.Tokens[..2], requestId: requestId));

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(requestId, Assert.Single(locked.Headers.GetValues("Request-ID")));
        Assert.Equal("application/json", locked.Content.Headers.ContentType?.MediaType);
        var body = await locked.BodyAsync();
        Assert.Equal(seated.Tokens[..2], Seating.TokensOf(body, "success"));
        Assert.All(body.GetProperty("success").EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("ownerId").GetString())));
        Assert.False(body.TryGetProperty("failure", out _));
        Assert.True((await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats")[0].GetProperty("isLocked").GetBoolean());

        var (unlocked, unlockBody) = await portal.SendLockAsync(app, "unlock", seated.Tokens[..2]);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(seated.Tokens[..2], Seating.TokensOf(unlockBody, "success"));
        Assert.False((await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats")[0].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task RepeatingACall_GivesTheSameOutcome()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        foreach (var verb in new[] { "lock", "lock", "unlock", "unlock" })
        {
            var (response, body) = await portal.SendLockAsync(app, verb, seated.Tokens[..3]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(seated.Tokens[..3], Seating.TokensOf(body, "success"));
        }
    }

    [Fact]
    public async Task AHundredTokensAreAccepted_101AreRefusedWithTheSeedMessage()
    {
        var seated = await portal.SeatedEventAsync(rows: "A-J", perRow: 10);
        var app = await seated.Sale.Organizer.ApplicationAsync();

        var (hundred, hundredBody) = await portal.SendLockAsync(app, "unlock", seated.Tokens);
        Assert.Equal(HttpStatusCode.OK, hundred.StatusCode);
        Assert.Equal(100, hundredBody.GetProperty("success").GetArrayLength());

        var (tooMany, body) = await portal.SendLockAsync(app, "unlock", seated.Tokens.Append("one-more"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal("UNPROCESSABLE_ENTITY", error.GetProperty("type").GetString());
        Assert.Equal("MS-422", error.GetProperty("appErrorCode").GetString());
        Assert.Equal("The request payload cannot contain more than 100 tokens", error.GetProperty("developerMessage").GetString());
    }

    [Fact]
    public async Task SomeFail_207WithSuccessAndFailure_AndNoRollback()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();

        var (response, body) = await portal.SendLockAsync(app, "lock", [seated.Tokens[0], "67889833903898", seated.Tokens[1]]);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Equal([seated.Tokens[0], seated.Tokens[1]], Seating.TokensOf(body, "success"));
        var failure = Assert.Single(body.GetProperty("failure").EnumerateArray());
        Assert.Equal("67889833903898", failure.GetProperty("token").GetString());
        Assert.Equal("INVALID_TOKEN", failure.GetProperty("type").GetString());
        Assert.Equal("MS-422", failure.GetProperty("appErrorCode").GetString());
        Assert.Equal("Token is invalid", failure.GetProperty("developerMessage").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, failure.GetProperty("status").ValueKind);
        // The two that succeeded stay locked.
        var seats = (await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats");
        Assert.True(seats[0].GetProperty("isLocked").GetBoolean());
        Assert.True(seats[1].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task NoneSucceed_422WithErrorAndFailure()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();

        var (response, body) = await portal.SendLockAsync(app, "unlock", ["56789983390560", "56689833903898"]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("UNPROCESSABLE_ENTITY", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Unable to process the request.", body.GetProperty("error").GetProperty("developerMessage").GetString());
        Assert.Equal(["56789983390560", "56689833903898"], Seating.TokensOf(body, "failure"));
        Assert.False(body.TryGetProperty("success", out _));
    }

    [Fact]
    public async Task AnotherOrganizersTokens_AreInvalidTokens_AndNothingAboutThemIsTold()
    {
        var mine = await portal.SeatedEventAsync();
        var theirs = await portal.SeatedEventAsync();
        var app = await mine.Sale.Organizer.ApplicationAsync();

        var (response, body) = await portal.SendLockAsync(app, "lock", [theirs.Tokens[0]]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var failure = Assert.Single(body.GetProperty("failure").EnumerateArray());
        Assert.Equal("INVALID_TOKEN", failure.GetProperty("type").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, failure.GetProperty("status").ValueKind);
        var text = body.GetRawText();
        Assert.DoesNotContain(theirs.SeatId(0), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Stalls", text, StringComparison.Ordinal);
        Assert.False((await theirs.Sale.Organizer.SeatMapAsync(theirs.Sale.EventId)).GetProperty("seats")[0].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task ASeatInCheckout_IsSeatRecordLocked_WithItsStatus_AndAnotherApplicationsLockIsToo()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var other = await seated.Sale.Organizer.ApplicationAsync(channel: "other-channel");
        var buyer = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await buyer.PickAsync(seated, seated.SeatId(0))).StatusCode);

        var (held, heldBody) = await portal.SendLockAsync(app, "lock", [seated.Tokens[0]]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, held.StatusCode);
        var busy = Assert.Single(heldBody.GetProperty("failure").EnumerateArray());
        Assert.Equal("SEAT_RECORD_LOCKED", busy.GetProperty("type").GetString());
        Assert.Equal("MS-409", busy.GetProperty("appErrorCode").GetString());
        Assert.Equal("Seat is locked", busy.GetProperty("developerMessage").GetString());
        Assert.Equal("HELD", busy.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await portal.SendLockAsync(other, "lock", [seated.Tokens[1]])).Response.StatusCode);
        var (theirs, theirsBody) = await portal.SendLockAsync(app, "unlock", [seated.Tokens[1], seated.Tokens[2]]);
        Assert.Equal(HttpStatusCode.MultiStatus, theirs.StatusCode);
        var lockedByOther = Assert.Single(theirsBody.GetProperty("failure").EnumerateArray());
        Assert.Equal("SEAT_RECORD_LOCKED", lockedByOther.GetProperty("type").GetString());
        Assert.Equal("LOCK", lockedByOther.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ALockedSeat_CannotBeHeld_NorItsTicketRefunded_UntilUnlocked()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        Assert.Equal(HttpStatusCode.OK, (await portal.SendLockAsync(app, "lock", [seated.Tokens[0]])).Response.StatusCode);
        var buyer = await portal.NewUserClientAsync();

        var refused = await buyer.PickAsync(seated, seated.SeatId(0));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        // A sold seat the seller lists cannot be refunded from under the listing.
        var ticket = (await (await buyer.PickAsync(seated, seated.SeatId(1))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticket)).GetProperty("redirectUrl").GetString()!);
        var buyerId = (await buyer.WaitForStatusAsync(ticket, "Paid")).GetProperty("userId").GetString();
        var (soldLock, soldBody) = await portal.SendLockAsync(app, "lock", [seated.Tokens[1]]);
        Assert.Equal(HttpStatusCode.OK, soldLock.StatusCode);
        Assert.Equal(buyerId, soldBody.GetProperty("success")[0].GetProperty("ownerId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await seated.Sale.Organizer.PostAsync($"/api/v1/tickets/{ticket}/refund", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await portal.SendLockAsync(app, "unlock", [seated.Tokens[0], seated.Tokens[1]])).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await buyer.PickAsync(seated, seated.SeatId(0))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seated.Sale.Organizer.PostAsync($"/api/v1/tickets/{ticket}/refund", null)).StatusCode);
    }

    [Fact]
    public async Task CancellingTheEvent_EndsListings_SoALockedSoldSeatIsRefunded()
    {
        var seated = await portal.SeatedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticket = (await (await buyer.PickAsync(seated, seated.SeatId(0))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticket)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticket, "Paid");
        Assert.Equal(HttpStatusCode.OK, (await portal.SendLockAsync(await seated.Sale.Organizer.ApplicationAsync(), "lock", [seated.Tokens[0]])).Response.StatusCode);

        await seated.Sale.Organizer.CancelEventAsync(seated.Sale.EventId);

        await buyer.WaitForStatusAsync(ticket, "Refunded");
        Assert.False((await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats")[0].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task RevokingAnApplication_EndsItsListings()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        Assert.Equal(HttpStatusCode.OK, (await portal.SendLockAsync(app, "lock", seated.Tokens[..2])).Response.StatusCode);
        var listed = await (await seated.Sale.Organizer.GetAsync("/api/v1/applications")).BodyAsync();
        var id = listed.GetProperty("applications").EnumerateArray().Single(a => a.GetProperty("applicationId").GetString() == app.ApplicationId).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await seated.Sale.Organizer.DeleteAsync($"/api/v1/applications/{id}")).StatusCode);

        var seats = (await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats");
        Assert.False(seats[0].GetProperty("isLocked").GetBoolean());
        Assert.False(seats[1].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task ATokenThatIsNotAString_FailsOnItsOwn()
    {
        var seated = await portal.SeatedEventAsync();
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var request = Seating.LockRequest(app, "lock", []);
        request.Content = new StringContent($"{{\"tokens\": [\"{seated.Tokens[0]}\", 42]}}", System.Text.Encoding.UTF8, "application/json");

        var response = await portal.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal([seated.Tokens[0]], Seating.TokensOf(body, "success"));
        Assert.Equal(["42"], Seating.TokensOf(body, "failure"));
    }

    [Fact]
    public async Task ParallelCallsOfOneApplication_NeverFail()
    {
        var seated = await portal.SeatedEventAsync(rows: "A-B", perRow: 10);
        var app = await seated.Sale.Organizer.ApplicationAsync();

        var answers = await Task.WhenAll(seated.Tokens.Select(t => portal.SendLockAsync(app, "lock", [t])));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode));
    }

    [Fact]
    public async Task AMapWithLockedSeats_IsNotReplaced_AndATierItUsesIsNotRemoved()
    {
        var seated = await portal.SeatedEventAsync();
        await portal.SendLockAsync(await seated.Sale.Organizer.ApplicationAsync(), "lock", [seated.Tokens[0]]);

        var replace = await seated.Sale.Organizer.PutAsJsonAsync($"/api/v1/events/{seated.Sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows = "A", seatsPerRow = 2, priceTierId = seated.Sale.TierIds[0] } } });
        Assert.Equal(HttpStatusCode.Conflict, replace.StatusCode);

        var e = (await (await seated.Sale.Organizer.GetAsync($"/api/v1/events/{seated.Sale.EventId}")).BodyAsync()).GetProperty("event");
        var update = await seated.Sale.Organizer.PutAsJsonAsync($"/api/v1/events/{seated.Sale.EventId}", new
        {
            title = e.GetProperty("title").GetString(), venue = "Test Hall", startDate = e.GetProperty("startDate").GetDateTime(), minutes = 60, capacity = 10,
            tiers = new[] { new { name = "Another tier", price = 10m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.True((await update.BodyAsync()).GetProperty("errors").TryGetProperty("tiers", out _));

        var nullSection = await seated.Sale.Organizer.PutAsync($"/api/v1/events/{seated.Sale.EventId}/seat-map",
            new StringContent("{\"sections\": [null]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nullSection.StatusCode);
    }
}
