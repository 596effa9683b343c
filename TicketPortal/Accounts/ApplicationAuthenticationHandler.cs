using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Applications;
using TicketPortal.Seats;

namespace TicketPortal.Accounts;

/// <summary>Authenticates an organizer's API application by its PAC-Application-ID, PAC-API-Key and PAC-Channel-Code
/// headers alone. Only routes whose policy names this scheme accept it; its principal carries no user, so it never
/// passes for the organizer anywhere else.</summary>
public sealed class ApplicationAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiApplications apps)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PacApplication";
    public const string ApplicationClaim = "pac_application";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (id, key, channel) = (Header(SeatLockApi.ApplicationIdHeader), Header(SeatLockApi.ApiKeyHeader), Header(SeatLockApi.ChannelCodeHeader));
        if (id is null && key is null && channel is null)
            return AuthenticateResult.NoResult();
        if (id is null || key is null || channel is null)
            return AuthenticateResult.Fail($"An application signs in with all three of {SeatLockApi.ApplicationIdHeader}, {SeatLockApi.ApiKeyHeader} and {SeatLockApi.ChannelCodeHeader}.");
        var (app, refusal) = await apps.VerifyKeyAsync(id, key, channel, Context.RequestAborted);
        if (app is null)
            return AuthenticateResult.Fail(Describe(refusal!.Value));
        Context.Features.Set(new AuthenticatedApplication(app));
        var identity = new ClaimsIdentity([new Claim(ApplicationClaim, app.ApplicationId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>Says why the headers were refused, as a ProblemDetails; without PAC headers a plain 401 like the other schemes'.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is not { } failure || Response.HasStarted)
            return;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = failure.Message },
        });
    }

    /// <summary>Why the PAC headers were not accepted, in words a developer can act on.</summary>
    public static string Describe(ApplicationRefusal refusal) => refusal switch
    {
        ApplicationRefusal.UnknownOrWrongKey => $"{SeatLockApi.ApplicationIdHeader} and {SeatLockApi.ApiKeyHeader} do not name a registered, unrevoked application.",
        ApplicationRefusal.WrongChannel => $"{SeatLockApi.ChannelCodeHeader} is not this application's channel.",
        ApplicationRefusal.OrganizerWithoutAccess => "The organizer this application belongs to may no longer organize events.",
        _ => "The bearer token's user is not the organizer this application belongs to.",
    };

    private string? Header(string name) =>
        Request.Headers[name] is [{ Length: > 0 } value, ..] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
