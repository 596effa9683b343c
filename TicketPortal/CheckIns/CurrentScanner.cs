using TicketPortal.Accounts;
using TicketPortal.Domain.CheckIns;

namespace TicketPortal.CheckIns;

/// <summary>The door's caller, bound from the request: an application its PAC headers authenticated, else the signed-in
/// person. Routes under <see cref="Policies.DoorScanner"/> always have one.</summary>
public sealed record CurrentScanner(DoorScanner Scanner)
{
    public static ValueTask<CurrentScanner?> BindAsync(HttpContext http) => ValueTask.FromResult(
        http.Features.Get<AuthenticatedApplication>() is { } app ? new CurrentScanner(DoorScanner.Of(app.App))
        : CurrentUser.From(http.User) is { } user ? new CurrentScanner(DoorScanner.Of(user.Actor))
        : null);
}
