using Microsoft.AspNetCore.Identity;

namespace TicketPortal.Domain.Accounts;

public static class AccountDirectory
{
    /// <summary>The account of an e-mail address, made (without a password: its owner sets one to sign in) when there
    /// is none yet: how complimentary tickets and transferred tickets reach people who never signed up.</summary>
    public static async Task<PortalUser> FindOrCreateAsync(this UserManager<PortalUser> users, string email)
    {
        if (await users.FindByEmailAsync(email) is { } found)
            return found;
        var user = new PortalUser { UserName = email, Email = email, DisplayName = email.Split('@')[0] };
        var created = await users.CreateAsync(user);
        return created.Succeeded
            ? user
            : throw new InvalidOperationException($"Could not create an account: {string.Join(" ", created.Errors.Select(x => x.Description))}");
    }

    /// <summary>How a user is named to others on requests and histories.</summary>
    public static string NameOf(PortalUser? user) => Clip(user?.DisplayName ?? user?.Email ?? "someone");

    private static string Clip(string name) => name.Length <= 200 ? name : name[..200];
}
