using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Applications;

namespace TicketPortal.Seats;

/// <summary>An API application as its organizer sees it; <see cref="ApiKey"/> only in the answer that created it;
/// <see cref="EventId"/>: the one event it reaches, or null for all of its organizer's.</summary>
public sealed record ApiApplicationDto(Guid Id, string ApplicationId, string ChannelCode, string Name, Guid? EventId, string KeyHint,
    DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt, string? ApiKey = null)
{
    public static ApiApplicationDto From(ApiApplication a, string? key = null) =>
        new(a.Id, a.ApplicationId, a.ChannelCode, a.Name, a.EventId, a.KeyHint, a.CreatedAt, a.RevokedAt, a.LastUsedAt, key);
}

/// <summary>Organizers register, list and revoke the applications that lock and unlock seats and check tickets in at
/// the door for their events, or for one of them.</summary>
public static class ApplicationsApi
{
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/api/v1/applications").WithTags("API applications").RequireAuthorization(Policies.Organizer);
        apps.MapGet("/", List).Returns<ApplicationListEnvelope>().WithSummary("The caller's API applications (keys are never shown again).");
        apps.MapPost("/", Register).Returns<ApplicationEnvelope>(StatusCodes.Status201Created).WithSummary("Register an application, for all of your events or, with eventId, for one: its PAC-Application-ID, PAC-Channel-Code and a new PAC-API-Key, shown once in this answer.");
        apps.MapDelete("/{id:guid}", Revoke).Returns<ApplicationEnvelope>().WithSummary("Revoke an application: its key stops working at once.");
        return app;
    }

    private static async Task<Ok<Envelope>> List(HttpContext http, ApiApplications apps, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(Envelope.List(http, "applications", "getList", (await apps.ListAsync(user.Actor, ct)).Select(a => ApiApplicationDto.From(a)).ToList()));

    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> Register(
        HttpContext http, ApiApplications apps, CurrentUser user, ApiApplicationDraft draft, CancellationToken ct) =>
        ApiResults.RespondCreated(http, await apps.RegisterAsync(user.Actor, draft, ct), "application",
            r => $"/api/v1/applications/{r.App.Id}", r => ApiApplicationDto.From(r.App, r.Key));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Revoke(
        HttpContext http, ApiApplications apps, CurrentUser user, Guid id, CancellationToken ct) =>
        ApiResults.Respond(http, await apps.RevokeAsync(user.Actor, id, ct), "application", "delete", a => ApiApplicationDto.From(a));
}
