using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Accounts;
using TicketPortal.Domain.Accounts;
using TicketPortal.Realtime;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Long-lived connections are bounded: a hub connection holds at most so many subscriptions, and
/// what it (or a Blazor circuit) may see follows the account's roles as they are now, not as they were at login.</summary>
[Collection(PortalCollection.Name)]
public sealed class RealtimeLimitsTests(PortalFactory portal)
{
    private const string Prefix = "tickatme-ticket-service";

    [Fact]
    public async Task AConnection_HoldsAtMostItsSubscriptionCap_AndIsToldSoClearly()
    {
        var buyer = await portal.NewUserClientAsync();
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        for (var i = 0; i < TicketsHub.DefaultMaxSubscriptions; i++)
            await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-updated", ticketId: Guid.NewGuid());

        var error = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync($"{Prefix}-dbevent-ticket-updated", ticketId: Guid.NewGuid()));

        Assert.Contains($"already has {TicketsHub.DefaultMaxSubscriptions} subscriptions", error.Message);
    }

    [Fact]
    public async Task ADemotedAdmin_StopsReceivingOtherUsersEvents_AtTheNextRecheck()
    {
        var adminEmail = await portal.CreateUserAsync(Roles.Admin);
        await using var hub = await HubClient.ConnectAsync(portal, await portal.SignedInAsync(adminEmail));
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-created");
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var seen = await buyer.HeldTicketAsync(sale);
        await hub.WaitForAsync(e => e.EntityId.ToString() == seen);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByEmailAsync(adminEmail))!, Roles.Admin)).Succeeded);
        }
        await portal.Services.GetRequiredService<SubscriberRecheck>().RecheckAsync();
        var unseen = await buyer.HeldTicketAsync(sale);
        var control = await HubClient.ConnectAsync(portal, buyer);
        await control.SubscribeAsync($"{Prefix}-dbevent-ticket-created");
        var third = await buyer.HeldTicketAsync(sale);
        await control.WaitForAsync(e => e.EntityId.ToString() == third);
        await control.DisposeAsync();

        Assert.DoesNotContain(hub.Events, e => e.EntityId.ToString() == unseen || e.EntityId.ToString() == third);
    }

    [Fact]
    public async Task ADemotedAdminsOldToken_GetsNoAdminVisibility_OnANewConnection()
    {
        var adminEmail = await portal.CreateUserAsync(Roles.Admin);
        var oldToken = await portal.SignedInAsync(adminEmail); // its token still says Admin
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.RemoveFromRoleAsync((await users.FindByEmailAsync(adminEmail))!, Roles.Admin);
        }
        await using var hub = await HubClient.ConnectAsync(portal, oldToken);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-created");
        var buyer = await portal.NewUserClientAsync();
        await using var control = await HubClient.ConnectAsync(portal, buyer);
        await control.SubscribeAsync($"{Prefix}-dbevent-ticket-created");

        var ticketId = await buyer.HeldTicketAsync(await portal.PublishedEventAsync());

        await control.WaitForAsync(e => e.EntityId.ToString() == ticketId);
        Assert.DoesNotContain(hub.Events, e => e.EntityId.ToString() == ticketId);
    }

    [Fact]
    public async Task ACircuitsUser_IsNoLongerValid_OnceTheirRolesChanged()
    {
        var email = await portal.CreateUserAsync(Roles.Admin);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>().CreateUserPrincipalAsync(user);
        var recheck = scope.ServiceProvider.GetRequiredService<RoleRecheck>();
        Assert.True(await recheck.StillValidAsync(principal));
        Assert.Contains(principal.FindAll(ClaimTypes.Role), c => c.Value == Roles.Admin);

        await users.RemoveFromRoleAsync(user, Roles.Admin);

        Assert.False(await recheck.StillValidAsync(principal));
    }
}
