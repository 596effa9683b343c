using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.ServiceRequests;

namespace TicketPortal.ServiceRequests;

/// <summary>Seed 003 over REST: open, read, list, take an action, assign; and the workflows the requests follow.</summary>
public static class ServiceRequestsApi
{
    public const string DataName = "serviceRequest";

    public sealed record TransitionRequest(string? Action, [property: JsonPropertyName("resolution_reason")] string? ResolutionReason, string? Comment);

    public sealed record AssignRequest(string? Assignee);

    public static IEndpointRouteBuilder MapServiceRequestsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/v1/service-requests").WithTags("Service requests").RequireAuthorization();
        requests.MapPost("/", Open).Returns<ServiceRequestEnvelope>(StatusCodes.Status201Created)
            .WithSummary("Open a request (refund, transfer, question, …) about a ticket or an event; accepts seed 003's record shape too.");
        requests.MapGet("/", List).Returns<ServiceRequestListEnvelope>().WithSummary("Requests the caller reported, handles or is assigned; filter by state, is_open, assignee ('me' or a user id), eventId, as (reporter|organizer).");
        requests.MapGet("/{id:guid}", Get).Returns<ServiceRequestEnvelope>().WithSummary("One request with its history and the actions the caller may take now.");
        requests.MapPost("/{id:guid}/transitions", Transition).Returns<ServiceRequestEnvelope>()
            .WithSummary("Take an action of the request's workflow: 409 from the wrong state, 403 for the wrong role, 400 without a required resolution_reason.");
        requests.MapPost("/{id:guid}/assign", Assign).Returns<ServiceRequestEnvelope>().WithSummary("Assign the request to the event's organizer or an admin (by id, e-mail or 'me'); null unassigns.");

        var workflows = app.MapGroup("/api/v1/workflows").WithTags("Service requests").RequireAuthorization(Policies.Organizer);
        workflows.MapGet("/", ListWorkflows).Returns<WorkflowListEnvelope>().WithSummary("The caller's workflows: the three built-in ones (or the caller's versions of them) and the caller's own.");
        workflows.MapGet("/{shortname}", GetWorkflow).Returns<WorkflowEnvelope>().WithSummary("One workflow document.");
        workflows.MapPut("/{shortname}", SaveWorkflow).Returns<WorkflowEnvelope>().WithSummary("Add or replace a workflow (snake_case JSON document); an invalid one is refused naming its fault.");
        workflows.MapDelete("/{shortname}", DeleteWorkflow).WithSummary("Remove the caller's own workflow; a built-in one of the same shortname applies again.");
        return app;
    }

    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> Open(
        HttpContext http, ServiceRequestService service, CurrentUser user, JsonElement body, CancellationToken ct)
    {
        var input = ServiceRequestBody.Parse(body);
        if (input.Value is not { } request)
            return Problems.From(input.Failure!);
        var opened = await service.OpenAsync(user.Actor, request, "api", ct);
        if (opened.Value is not { } r)
            return Problems.From(opened.Failure!);
        return TypedResults.Created($"/api/v1/service-requests/{r.Id}",
            Envelope.One(http, DataName, "create", ServiceRequestDto.From(r), StatusCodes.Status201Created).With("allowedActions", Actions(r, user)));
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(HttpContext http, ServiceRequestService service, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, await service.GetAsync(user.Actor, id, ct), user, "get");

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> List(
        HttpContext http, ServiceRequestService service, CurrentUser user, string? state, [FromQuery(Name = "is_open")] bool? isOpen,
        string? assignee, Guid? eventId, [FromQuery(Name = "as")] string? role, int? page, int? pageSize, CancellationToken ct)
    {
        var query = new ServiceRequestQuery(state, isOpen, assignee, eventId, role, page ?? 1, pageSize ?? Paging.DefaultSize);
        return ApiResults.RespondList(http, await service.ListAsync(user.Actor, query, ct), "serviceRequests", r => ServiceRequestDto.From(r));
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Transition(
        HttpContext http, ServiceRequestService service, CurrentUser user, Guid id, TransitionRequest request, CancellationToken ct) =>
        Respond(http, await service.TransitionAsync(user.Actor, id, request.Action, request.ResolutionReason, request.Comment, ct), user, "update");

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Assign(
        HttpContext http, ServiceRequestService service, CurrentUser user, Guid id, AssignRequest request, CancellationToken ct) =>
        Respond(http, await service.AssignAsync(user.Actor, id, request.Assignee, ct), user, "update");

    private static Results<Ok<Envelope>, ProblemHttpResult> Respond(HttpContext http, Result<ServiceRequest> result, CurrentUser user, string action) =>
        result.Value is { } r
            ? TypedResults.Ok(Envelope.One(http, DataName, action, ServiceRequestDto.From(r)).With("allowedActions", Actions(r, user)))
            : Problems.From(result.Failure!);

    private static List<string> Actions(ServiceRequest r, CurrentUser user) => r.ActionsFor(user.Actor).Select(t => t.Action!).ToList();

    /// <summary>A workflow as the API shows it: its document in the same snake_case it is written in.</summary>
    public sealed record WorkflowResponse(string Shortname, string Name, bool BuiltIn, bool Customized, JsonElement Document)
    {
        public static WorkflowResponse From(WorkflowView v)
        {
            using var doc = JsonDocument.Parse(v.Document.ToJson());
            return new(v.Shortname, v.Name, v.BuiltIn, v.Customized, doc.RootElement.Clone());
        }
    }

    private static async Task<Ok<Envelope>> ListWorkflows(HttpContext http, Workflows workflows, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(Envelope.List(http, "workflows", "getList", (await workflows.ListAsync(user.Actor, ct)).Select(WorkflowResponse.From).ToList()));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> GetWorkflow(HttpContext http, Workflows workflows, CurrentUser user, string shortname, CancellationToken ct) =>
        ApiResults.Respond(http, await workflows.GetAsync(user.Actor, shortname, ct), "workflow", "get", WorkflowResponse.From);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> SaveWorkflow(
        HttpContext http, Workflows workflows, CurrentUser user, string shortname, JsonElement body, CancellationToken ct)
    {
        var json = body.ValueKind == JsonValueKind.Object ? body.GetRawText() : null;
        if (json?.Length > WorkflowDocument.MaxJsonChars)
            return Problems.From(Failure.Invalid([new("document", $"A workflow document is at most {WorkflowDocument.MaxJsonChars / 1024} KB.", body, "Body")]));
        var document = json is null ? null : WorkflowDocument.Parse(json);
        if (document is null)
            return Problems.From(Failure.Invalid([new("document", "The body must be a workflow document (see the README for its shape).", body, "Body")]));
        return ApiResults.Respond(http, await workflows.SaveAsync(user.Actor, shortname, document, ct), "workflow", "update", WorkflowResponse.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteWorkflow(Workflows workflows, CurrentUser user, string shortname, CancellationToken ct) =>
        await workflows.DeleteAsync(user.Actor, shortname, ct) is { } failure ? Problems.From(failure) : TypedResults.NoContent();
}
