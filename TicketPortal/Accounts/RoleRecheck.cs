using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Accounts;

namespace TicketPortal.Accounts;

/// <summary>Whether a signed-in principal still matches its account: it exists, is not locked out, and has the
/// roles the principal claims. A cookie or token keeps the roles it was issued with; long-lived connections
/// (Blazor circuits, hub connections) ask this periodically, so a demoted admin stops seeing others' data.</summary>
public sealed class RoleRecheck(UserManager<PortalUser> users)
{
    public async Task<bool> StillValidAsync(ClaimsPrincipal principal)
    {
        if (CurrentUser.From(principal) is not { } claimed)
            return true; // anonymous stays anonymous
        return await CurrentRolesAsync(claimed.Id) is { } roles
               && roles.SetEquals(principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }

    /// <summary>The account's roles now, or null when it no longer exists or is locked out.</summary>
    public async Task<HashSet<string>?> CurrentRolesAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || await users.IsLockedOutAsync(user))
            return null;
        return [.. await users.GetRolesAsync(user)];
    }
}

/// <summary>Re-checks a Blazor circuit's user every Accounts:RecheckSeconds (default 60): when the account's
/// roles changed, the circuit is signed out and its pages show the log-in prompt.</summary>
public sealed class RecheckingAuthenticationStateProvider(ILoggerFactory logs, IServiceScopeFactory scopes, IConfiguration config)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(config.GetValue("Accounts:RecheckSeconds", 60));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoleRecheck>().StillValidAsync(authenticationState.User);
    }
}
