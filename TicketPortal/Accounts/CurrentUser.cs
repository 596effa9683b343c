using System.Security.Claims;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;

namespace TicketPortal.Accounts;

/// <summary>The signed-in caller as one typed value. Endpoints take it as a parameter (bound from the request's
/// principal; endpoints that require authorization always get one); pages receive it as a cascading value from
/// the layout; the hub reads it from its connection.</summary>
public sealed record CurrentUser(Actor Actor, string? Email)
{
    public string Id => Actor.UserId;

    public static CurrentUser? From(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new CurrentUser(new Actor(id, principal.IsInRole(Roles.Admin)), principal.FindFirstValue(ClaimTypes.Email))
            : null;

    /// <summary>Minimal APIs call this to bind a <see cref="CurrentUser"/> parameter; an anonymous request
    /// binds null (declare the parameter nullable on endpoints that allow anonymous callers).</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext http) => ValueTask.FromResult(From(http.User));
}
