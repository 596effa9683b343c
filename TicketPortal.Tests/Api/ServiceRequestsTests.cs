using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seed 003's requests over REST: workflows as data, every transition rule, the refund and transfer effects,
/// who sees what, and the -extended index event.</summary>
[Collection(PortalCollection.Name)]
public sealed class ServiceRequestsTests(PortalFactory portal)
{
    private const string Prefix = "tickatme-ticket-service";
    private static readonly string[] Me = ["me"];

    [Fact]
    public async Task ARefundRequest_FollowsItsWorkflow_AndApprovalRefundsTheTicket()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var request = await buyer.OpenAsync("refund_request", ticketId, new { text = "I cannot come." });
        Assert.Equal("submitted", request.GetProperty("state").GetString());
        Assert.True(request.GetProperty("is_open").GetBoolean());
        Assert.Equal("refund_request", request.GetProperty("workflow_shortname").GetString());
        Assert.Equal("attendee", request.GetProperty("reporter").GetProperty("type").GetString());
        Assert.Equal("I cannot come.", request.GetProperty("payload").GetProperty("body").GetProperty("text").GetString());

        // The attendee may not review; approval is not possible from "submitted"; rejecting needs a reason.
        var wrongRole = await buyer.ActAsync(request, "review");
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Contains("'review'", (await wrongRole.BodyAsync()).GetProperty("detail").GetString());
        var wrongState = await sale.Organizer.ActAsync(request, "approve");
        Assert.Equal(HttpStatusCode.Conflict, wrongState.StatusCode);
        Assert.Contains("'approve'", (await wrongState.BodyAsync()).GetProperty("detail").GetString());
        await sale.Organizer.ActOkAsync(request, "review");
        var noReason = await sale.Organizer.ActAsync(request, "reject");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("'reject'", (await noReason.BodyAsync()).GetProperty("errors").GetProperty("resolution_reason")[0].GetString());

        var approved = await sale.Organizer.ActOkAsync(request, "approve");

        Assert.Equal("approved", approved.GetProperty("state").GetString());
        Assert.False(approved.GetProperty("is_open").GetBoolean());
        Assert.Equal(["review", "approve"], approved.GetProperty("collaborators").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["open", "review", "approve"], approved.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("in_review", approved.GetProperty("history")[2].GetProperty("from").GetString());
        Assert.Equal("Refunded", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await sale.Organizer.ActAsync(request, "approve")).StatusCode);
    }

    [Fact]
    public async Task ARefusedRefund_LeavesTheRequestWhereItWas_AndSaysWhy()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var unpaid = await buyer.HeldTicketAsync(sale);
        var request = await buyer.OpenAsync("refund_request", unpaid);
        await sale.Organizer.ActOkAsync(request, "review");

        var refused = await sale.Organizer.ActAsync(request, "approve");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Only paid tickets can be refunded", (await refused.BodyAsync()).GetProperty("detail").GetString());
        var now = (await (await buyer.GetAsync($"/api/v1/service-requests/{request.GetProperty("id").GetString()}")).BodyAsync()).GetProperty("serviceRequest");
        Assert.Equal("in_review", now.GetProperty("state").GetString());
        Assert.Equal(2, now.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task ApprovingATransfer_MovesTheTicket_AndTheOldHolderNoLongerSeesIt()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var friend = $"friend-{Guid.NewGuid():N}@test.local";
        var missing = await buyer.PostAsJsonAsync("/api/v1/service-requests", new { workflow_shortname = "ticket_transfer", ticketId });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.BodyAsync()).GetProperty("errors").TryGetProperty("payload.body.recipient", out _));

        var request = await buyer.OpenAsync("ticket_transfer", ticketId, new { recipient = friend });
        var approved = await sale.Organizer.ActOkAsync(request, "approve");

        Assert.Equal("approved", approved.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/v1/tickets/{ticketId}")).StatusCode);
        var moved = await sale.Organizer.TicketAsync(ticketId);
        Assert.Equal("Paid", moved.GetProperty("status").GetString());
        Assert.NotEqual(request.GetProperty("reporterUserId").GetString(), moved.GetProperty("userId").GetString());
        Assert.Contains("Transferred", moved.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task TheSeedRecordShape_IsAccepted()
    {
        var (_, buyer, ticketId) = await portal.PaidTicketAsync();
        var response = await buyer.PostAsJsonAsync("/api/v1/service-requests", new
        {
            resource_type = "ticket", shortname = "auto", subpath = "tickets",
            attributes = new
            {
                is_active = true, tags = Me, is_open = true, workflow_shortname = "general_question",
                payload = new { content_type = "json", schema_shortname = "schema", body = new { ticket_id = ticketId, question = "Is there parking?" } },
                reporter = new { type = "admin_lite", name = "Foo Bar", channel = "HQTest", distributor = "Doo", msisdn = "1111111111" },
            },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("serviceRequest", body.GetProperty("dataName").GetString());
        var request = body.GetProperty("serviceRequest");
        Assert.Equal("open", request.GetProperty("state").GetString());
        Assert.Equal(8, request.GetProperty("shortname").GetString()!.Length);
        Assert.Equal("tickets", request.GetProperty("subpath").GetString());
        Assert.Equal("ticket", request.GetProperty("resource_type").GetString());
        Assert.Equal(["me"], request.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Foo Bar", request.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal("HQTest", request.GetProperty("reporter").GetProperty("channel").GetString());
        Assert.Equal("1111111111", request.GetProperty("reporter").GetProperty("contact").GetString());
        Assert.Equal(ticketId, request.GetProperty("ticketId").GetString());
        Assert.Equal([], body.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task PeopleSeeOnlyTheirOwnRequests_OrganizersOnlyTheirEvents()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var request = await buyer.OpenAsync("general_question", ticketId);
        var id = request.GetProperty("id").GetString();
        var stranger = await portal.NewUserClientAsync();
        var otherOrganizer = await portal.NewUserClientAsync(Roles.Organizer);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/service-requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganizer.GetAsync($"/api/v1/service-requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganizer.ActAsync(request, "answer")).StatusCode);
        Assert.Equal(0, (await (await otherOrganizer.GetAsync("/api/v1/service-requests")).BodyAsync()).GetProperty("rowCount").GetInt32());
        Assert.Equal(0, (await (await stranger.GetAsync("/api/v1/service-requests")).BodyAsync()).GetProperty("rowCount").GetInt32());
        // Opening a request about someone else's ticket is as if it did not exist.
        var foreign = await stranger.PostAsJsonAsync("/api/v1/service-requests", new { workflow_shortname = "general_question", ticketId });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var inbox = await (await sale.Organizer.GetAsync($"/api/v1/service-requests?as=organizer&is_open=true&eventId={sale.EventId}")).BodyAsync();
        Assert.Equal(id, Assert.Single(inbox.GetProperty("serviceRequests").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, (await (await sale.Organizer.GetAsync("/api/v1/service-requests?as=organizer&assignee=me")).BodyAsync()).GetProperty("rowCount").GetInt32());

        var assigned = await sale.Organizer.PostAsJsonAsync($"/api/v1/service-requests/{id}/assign", new { assignee = "me" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(1, (await (await sale.Organizer.GetAsync("/api/v1/service-requests?as=organizer&assignee=me")).BodyAsync()).GetProperty("rowCount").GetInt32());
        var toStranger = await sale.Organizer.PostAsJsonAsync($"/api/v1/service-requests/{id}/assign", new { assignee = "nobody@test.local" });
        Assert.Equal(HttpStatusCode.BadRequest, toStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"/api/v1/service-requests/{id}/assign", new { assignee = "me" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"shortname":"w_a","states":["a","b"],"closed_states":["b"],"transitions":[{"from":"a","action":"go","to":"b","roles":["organizer"]}]}""", "initial_state", "no initial state")]
    [InlineData("""{"shortname":"w_b","states":["a","b"],"initial_state":"a","closed_states":["b"],"transitions":[{"from":"a","action":"go","to":"c","roles":["organizer"]}]}""", "transitions[0].to", "Unknown state 'c'")]
    [InlineData("""{"shortname":"w_c","states":["a","b","c"],"initial_state":"a","closed_states":["c"],"transitions":[{"from":"a","action":"go","to":"b","roles":["organizer"]}]}""", "closed_states", "'c' cannot be reached")]
    [InlineData("""{"shortname":"w_d","states":["a","b","c"],"initial_state":"a","closed_states":["c"],"transitions":[{"from":"a","action":"go","to":"b","roles":["organizer"]},{"from":"a","action":"go","to":"c","roles":["organizer"]}]}""", "transitions[1].action", "Duplicate action 'go'")]
    [InlineData("""{"shortname":"w_e","states":["a","b"],"initial_state":"a","closed_states":["b"],"transitions":[{"from":"a","action":"go","to":"b","roles":["janitor"]}]}""", "transitions[0].roles", "Unknown role 'janitor'")]
    public async Task AnInvalidWorkflow_IsRefused_NamingItsFault(string document, string field, string fault)
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var shortname = JsonDocument.Parse(document).RootElement.GetProperty("shortname").GetString();

        var response = await organizer.PutAsync($"/api/v1/workflows/{shortname}", new StringContent(document, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.Contains(fault, messages[0].GetString());
    }

    [Fact]
    public async Task AnOrganizersOwnWorkflow_IsUsedForTheirEvents()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        const string document = """
            {"shortname":"accessibility_need","name":"Accessibility need","states":["asked","arranged","declined"],"initial_state":"asked",
             "closed_states":["arranged","declined"],
             "transitions":[{"from":"asked","action":"arrange","to":"arranged","roles":["organizer","assignee"]},
                            {"from":"asked","action":"decline","to":"declined","roles":["organizer"]}],
             "reason_required":["decline"]}
            """;
        var saved = await sale.Organizer.PutAsync("/api/v1/workflows/accessibility_need", new StringContent(document, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var listed = await (await sale.Organizer.GetAsync("/api/v1/workflows")).BodyAsync();
        Assert.Equal(["general_question", "refund_request", "ticket_transfer", "accessibility_need"],
            listed.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("shortname").GetString()));
        Assert.Equal("asked", listed.GetProperty("workflows")[3].GetProperty("document").GetProperty("initial_state").GetString());

        var request = await buyer.OpenAsync("accessibility_need", ticketId, new { need = "Wheelchair space" });
        Assert.Equal("asked", request.GetProperty("state").GetString());
        var arranged = await sale.Organizer.ActOkAsync(request, "arrange");
        Assert.False(arranged.GetProperty("is_open").GetBoolean());

        // Another organizer's events do not know it.
        var other = await portal.PaidTicketAsync();
        var unknown = await other.Buyer.PostAsJsonAsync("/api/v1/service-requests", new { workflow_shortname = "accessibility_need", ticketId = other.TicketId });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task ARequestAboutATicket_ExtendsTheTicketsIndexEntity()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        await hub.SubscribeAsync("elastic-index-tickatme_ticket-extended", ticketId: Guid.Parse(ticketId));
        await hub.SubscribeAsync($"{Prefix}-servicerequest-created", ticketId: Guid.Parse(ticketId));
        await hub.SubscribeAsync("elastic-index-tickatme_ticket-updated", ticketId: Guid.Parse(ticketId));

        var first = await buyer.OpenAsync("general_question", ticketId);
        var extended = await hub.WaitForAsync(e => e.Topic == "elastic-index-tickatme_ticket-extended");
        Assert.Equal(ticketId, extended.Payload.GetProperty("id").GetString());
        var extends = extended.Payload.GetProperty("extends");
        Assert.Equal(1, extends.GetProperty("serviceRequests_count").GetInt32());
        Assert.Equal(first.GetProperty("id").GetString(), Assert.Single(extends.GetProperty("serviceRequests").EnumerateArray()).GetProperty("id").GetString());
        var created = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-servicerequest-created");
        Assert.Equal(first.GetProperty("id").GetString(), created.Payload.GetProperty("id").GetString());

        // A second request: the event carries only the new one, and the count.
        var second = await buyer.OpenAsync("refund_request", ticketId);
        var again = await hub.WaitForAsync(e => e.Topic == "elastic-index-tickatme_ticket-extended" && e.Payload.GetProperty("extends").GetProperty("serviceRequests_count").GetInt32() == 2);
        Assert.Equal(second.GetProperty("id").GetString(), Assert.Single(again.Payload.GetProperty("extends").GetProperty("serviceRequests").EnumerateArray()).GetProperty("id").GetString());

        // From then on the ticket's index read model carries the extension.
        await sale.Organizer.ActOkAsync(second, "review");
        await sale.Organizer.ActOkAsync(second, "approve");
        var index = await hub.WaitForAsync(e => e.Topic == "elastic-index-tickatme_ticket-updated" && e.Payload.GetProperty("status").GetString() == "Refunded");
        Assert.Equal(2, index.Payload.GetProperty("serviceRequests_count").GetInt32());
    }
    [Fact]
    public async Task TwoApprovalsAtOnce_RefundOnce_AndOneIsToldTheRequestChanged()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var request = await buyer.OpenAsync("refund_request", ticketId);
        await sale.Organizer.ActOkAsync(request, "review");

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sale.Organizer.ActAsync(request, "approve")));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var payment = await buyer.SettledPaymentAsync(ticketId);
        Assert.Equal("refunded", payment.GetProperty("statusLiteral").GetString());
        Assert.StartsWith("re_", payment.GetProperty("refundId").GetString());
    }

    [Fact]
    public async Task ARequestOfAFormerHolder_CannotActOnTheTicketsNewHolder()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var refund = await buyer.OpenAsync("refund_request", ticketId);
        await sale.Organizer.ActOkAsync(refund, "review");
        var transfer = await buyer.OpenAsync("ticket_transfer", ticketId, new { recipient = $"new-{Guid.NewGuid():N}@test.local" });
        await sale.Organizer.ActOkAsync(transfer, "approve");

        var stale = await sale.Organizer.ActAsync(refund, "approve");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed hands", (await stale.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal("Paid", (await sale.Organizer.TicketAsync(ticketId)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("Bob <bob@test.local>")]
    [InlineData("o'brien@test.local")]
    [InlineData("not an address")]
    public async Task ATransferToAnAddressNoAccountCanHave_IsRefusedWhenOpened(string recipient)
    {
        var (_, buyer, ticketId) = await portal.PaidTicketAsync();
        var response = await buyer.PostAsJsonAsync("/api/v1/service-requests",
            new { workflow_shortname = "ticket_transfer", ticketId, payload = new { body = new { recipient } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"shortname":"w_f","states":["a","b"],"initial_state":"a","closed_states":["b"],"transitions":[{"from":"a","action":"go","to":"b","roles":[null]}]}""", "transitions[0].roles")]
    [InlineData("""{"shortname":"w_g","states":["a","b"],"initial_state":"a","closed_states":["b"],"transitions":[null]}""", "transitions[0]")]
    [InlineData("""{"shortname":"w_h","states":[null,"b"],"initial_state":"b","closed_states":["b"],"transitions":[]}""", "states[0]")]
    [InlineData("""{"shortname":"w_i","states":"a","initial_state":"a"}""", "document")]
    public async Task OddWorkflowDocuments_AreRefused_NeverA5xx(string document, string field)
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var shortname = JsonDocument.Parse(document).RootElement.GetProperty("shortname").GetString();

        var response = await organizer.PutAsync($"/api/v1/workflows/{shortname}", new StringContent(document, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task OddRequestBodies_AreRefused_NeverA5xx()
    {
        var client = await portal.NewUserClientAsync();
        string[] bodies =
        [
            "[]", """{"records": []}""", """{"records": [1]}""", """{"attributes": 5}""", """{"attributes": {"payload": 3}}""",
            """{"workflow_shortname": "general_question", "ticketId": "nope"}""", """{"workflow_shortname": 7, "tags": [1]}""",
            $$"""{"workflow_shortname": "general_question", "eventId": "{{Guid.NewGuid()}}"}""",
        ];
        foreach (var body in bodies)
        {
            var response = await client.PostAsync("/api/v1/service-requests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True((int)response.StatusCode is 400 or 404, $"{body} → {(int)response.StatusCode}");
        }
    }
}
