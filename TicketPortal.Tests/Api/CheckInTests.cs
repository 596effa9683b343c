using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>At the door: a paid ticket's admissions carry signed codes for its holder only; the event's organizer scans
/// them; the first scan admits, a repeat or a racing scan is refused with when and where; refunds and transfers void
/// codes at once; check-ins go out on the hub and extend the ticket's index entity.</summary>
[Collection(PortalCollection.Name)]
public sealed class CheckInTests(PortalFactory portal)
{
    private const string Created = "tickatme-ticket-service-checkin-created";
    private const string Extended = "elastic-index-tickatme_ticket-extended";

    [Fact]
    public async Task APaidTicket_HasOneSignedCodePerPlace_ForItsHolderOnly()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 3);

        var admissions = await buyer.AdmissionsAsync(ticketId);

        Assert.Equal([1, 2, 3], admissions.Select(a => a.GetProperty("number").GetInt32()));
        var codes = admissions.Select(a => a.GetProperty("code").GetString()!).ToList();
        Assert.Equal(3, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(c.Length >= 40, c));
        // The organizer reads the ticket but not its codes: a code is what gets a person in.
        var organizerView = await (await sale.Organizer.GetAsync($"/api/v1/tickets/{ticketId}")).BodyAsync();
        Assert.False(organizerView.TryGetProperty("admissions", out _));
        // An unpaid ticket has no codes yet.
        var held = await buyer.HeldTicketAsync(sale);
        Assert.False((await (await buyer.GetAsync($"/api/v1/tickets/{held}")).BodyAsync()).TryGetProperty("admissions", out _));
    }

    [Fact]
    public async Task TheQrPng_DecodesToTheCode_AndOnlyTheHolderMayDownloadIt()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var code = (await buyer.AdmissionsAsync(ticketId))[1].GetProperty("code").GetString()!;

        var png = await buyer.GetAsync($"/api/v1/tickets/{ticketId}/admissions/2/qr");

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"ticket-{Guid.Parse(ticketId):N}-2.png", png.Content.Headers.ContentDisposition?.FileNameStar ?? png.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(code, QrText.Decode(await png.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await sale.Organizer.GetAsync($"/api/v1/tickets/{ticketId}/admissions/2/qr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/v1/tickets/{ticketId}/admissions/3/qr")).StatusCode);
    }

    [Fact]
    public async Task TheFirstScanAdmits_WithHolderTierAndSeat_AndASecondScanSaysWhenAndWhere()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var code = (await buyer.AdmissionsAsync(ticketId))[1].GetProperty("code").GetString()!;

        var first = await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code, eventId = sale.EventId, device = "North door" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.BodyAsync();
        var checkIn = body.GetProperty("checkIn");
        Assert.Equal(ticketId, checkIn.GetProperty("ticketId").GetString());
        Assert.Equal(2, checkIn.GetProperty("admission").GetInt32());
        Assert.Equal("Tier 0", checkIn.GetProperty("tierName").GetString());
        Assert.Equal(JsonValueKind.Null, checkIn.GetProperty("seat").ValueKind);
        Assert.Equal("North door", checkIn.GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("holderName").GetString()));

        var again = await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code, device = "South door" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.BodyAsync();
        Assert.StartsWith("Already checked in at ", problem.GetProperty("detail").GetString());
        Assert.Contains("North door", problem.GetProperty("detail").GetString());
        Assert.Equal("North door", problem.GetProperty("device").GetString());
        Assert.Equal(checkIn.GetProperty("checkedInAt").GetDateTime(), problem.GetProperty("checkedInAt").GetDateTime());

        // The ticket's other admission is still to come; the door counts one of two.
        var door = (await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/check-ins")).BodyAsync()).GetProperty("door");
        Assert.Equal(1, door.GetProperty("checkedIn").GetInt32());
        Assert.Equal(2, door.GetProperty("admissions").GetInt32());
        Assert.Equal("North door", door.GetProperty("recent")[0].GetProperty("device").GetString());
    }

    [Fact]
    public async Task RacingScansOfOneCode_AdmitExactlyOnce()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;

        var scans = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code, device = $"scanner {i}" })));

        Assert.Single(scans, s => s.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, scans.Count(s => s.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task AnotherOrganizer_AnotherEvent_AndBadCodes_AreRefused()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        var other = await portal.PublishedEventAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await other.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync("/api/v1/check-ins", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/check-ins")).StatusCode);
        var wrongEvent = await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code, eventId = other.EventId });
        Assert.Equal(HttpStatusCode.NotFound, wrongEvent.StatusCode);

        // A tampered signature, a made-up text, and no code at all.
        var tampered = code[..^2] + (code[^2] == 'A' ? "BA" : "AA");
        await AssertRefusedAsync(sale.Organizer, new { code = tampered }, HttpStatusCode.UnprocessableEntity);
        await AssertRefusedAsync(sale.Organizer, new { code = "https://example.com/not-a-ticket" }, HttpStatusCode.UnprocessableEntity);
        await AssertRefusedAsync(sale.Organizer, new { code = (string?)null }, HttpStatusCode.BadRequest);
        await AssertRefusedAsync(sale.Organizer, new { code, device = new string('x', 121) }, HttpStatusCode.BadRequest, "device");
        // None of these let anyone in.
        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code })).StatusCode);
    }

    [Fact]
    public async Task DoorStaff_CheckInAtTheirEventsDoor_AndDoNothingElse()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var codes = (await buyer.AdmissionsAsync(ticketId)).Select(a => a.GetProperty("code").GetString()!).ToList();
        var (otherSale, otherBuyer, otherTicket) = await portal.PaidTicketAsync();
        var otherCode = (await otherBuyer.AdmissionsAsync(otherTicket))[0].GetProperty("code").GetString()!;
        var staffEmail = await portal.CreateUserAsync();
        var staff = await portal.SignedInAsync(staffEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[0] })).StatusCode);

        var added = await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/staff", new { email = staffEmail });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var member = (await added.BodyAsync()).GetProperty("staffMember");
        Assert.Equal(staffEmail, member.GetProperty("email").GetString());
        var listed = (await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/staff")).BodyAsync()).GetProperty("staff");
        Assert.Equal(staffEmail, Assert.Single(listed.EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[0], device = "Side door" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/events/{sale.EventId}/check-ins")).StatusCode);
        // Only this event's door, and only the door.
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/v1/check-ins", new { code = otherCode })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/v1/events/{sale.EventId}/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/staff", new { email = "x@test.local" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherSale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/staff", new { email = "not an address" })).StatusCode);

        var removed = await sale.Organizer.DeleteAsync($"/api/v1/events/{sale.EventId}/staff/{member.GetProperty("userId").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[1] })).StatusCode);
    }

    [Fact]
    public async Task ARefund_VoidsTheCodesAtOnce()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null)).StatusCode);

        var scan = await AssertRefusedAsync(sale.Organizer, new { code }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("refunded", scan.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CancellingTheEvent_VoidsItsCodes_AndTheHolderSeesNoneAnyMore()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var codes = (await buyer.AdmissionsAsync(ticketId)).Select(a => a.GetProperty("code").GetString()!).ToList();

        await sale.Organizer.CancelEventAsync(sale.EventId);

        await buyer.WaitForStatusAsync(ticketId, "Refunded");
        foreach (var code in codes)
            await AssertRefusedAsync(sale.Organizer, new { code }, HttpStatusCode.UnprocessableEntity);
        Assert.False((await (await buyer.GetAsync($"/api/v1/tickets/{ticketId}")).BodyAsync()).TryGetProperty("admissions", out _));
    }

    [Fact]
    public async Task ATransfer_VoidsTheOldHoldersCodes_AndTheNewHolderGetsTheirOwn()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var oldCode = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        var friendEmail = await portal.CreateUserAsync();
        var request = await buyer.OpenAsync("ticket_transfer", ticketId, new { recipient = friendEmail });
        await sale.Organizer.ActOkAsync(request, "approve");

        var scan = await AssertRefusedAsync(sale.Organizer, new { code = oldCode }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("changed hands", scan.GetProperty("detail").GetString());

        var friend = await portal.SignedInAsync(friendEmail);
        var newCode = (await friend.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        Assert.NotEqual(oldCode, newCode);
        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code = newCode })).StatusCode);
    }

    [Fact]
    public async Task ACheckIn_GoesOutOnTheHub_AndExtendsTheTicketsIndexEntity()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var codes = (await buyer.AdmissionsAsync(ticketId)).Select(a => a.GetProperty("code").GetString()!).ToList();
        await using var organizerHub = await HubClient.ConnectAsync(portal, sale.Organizer);
        await organizerHub.SubscribeAsync(Created, eventId: Guid.Parse(sale.EventId));
        await using var holderHub = await HubClient.ConnectAsync(portal, buyer);
        await holderHub.SubscribeAsync(Extended, ticketId: Guid.Parse(ticketId));

        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[0], device = "Gate A" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[1], device = "Gate B" })).StatusCode);

        var created = await organizerHub.WaitForAsync(e => e.Topic == Created && e.Payload.GetProperty("device").GetString() == "Gate B");
        Assert.Equal(ticketId, created.Payload.GetProperty("ticketId").GetString());
        var extended = await holderHub.WaitForAsync(e => e.Topic == Extended && e.Payload.GetProperty("extends").GetProperty("checkIns_count").GetInt32() == 2);
        Assert.Equal(ticketId, extended.Payload.GetProperty("id").GetString());
        var only = Assert.Single(extended.Payload.GetProperty("extends").GetProperty("checkIns").EnumerateArray());
        Assert.Equal("Gate B", only.GetProperty("device").GetString());
    }


    private static async Task<JsonElement> AssertRefusedAsync(HttpClient scanner, object body, HttpStatusCode status, string field = "code")
    {
        var response = await scanner.PostAsJsonAsync("/api/v1/check-ins", body);
        Assert.Equal(status, response.StatusCode);
        var problem = await response.BodyAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        return problem;
    }
}
