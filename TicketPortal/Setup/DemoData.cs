using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Setup;

/// <summary>Demo accounts and events for Development; listed in the README.</summary>
public static class DemoData
{
    public const string Password = "Demo123!";
    public const string OrganizerEmail = "organizer@demo.test";
    public const string SecondOrganizerEmail = "organizer2@demo.test";
    public const string AttendeeEmail = "attendee@demo.test";
    public const string AdminEmail = "admin@demo.test";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var organizer = await EnsureUserAsync(users, OrganizerEmail, "Harbour Hall Presents", Roles.Organizer);
        await EnsureUserAsync(users, SecondOrganizerEmail, "Northside Promotions", Roles.Organizer);
        await EnsureUserAsync(users, AttendeeEmail, "Alex Attendee");
        await EnsureUserAsync(users, AdminEmail, "Portal Admin", Roles.Admin);

        var db = services.GetRequiredService<PortalDbContext>();
        if (await db.Events.AnyAsync(e => e.OrganizerId == organizer.Id))
            return;

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date;
        var events = services.GetRequiredService<EventService>();
        var actor = new Actor(organizer.Id, IsAdmin: false);
        (string Title, string Venue, int Days, int Hour, int Minutes, int Capacity, (string, decimal)[] Tiers, bool Publish, string Description)[] demo =
        [
            ("Harbour Lights Jazz Night", "Harbour Hall, Pier 4", 14, 19, 180, 120, [("Standing", 25m), ("Balcony", 45m)], true,
                "An evening of modern jazz by the water with the Harbour Lights Quartet."),
            ("Open Source .NET Conference", "Congress Centre, Hall B", 30, 9, 480, 400, [("Early bird", 99m), ("Regular", 149m)], true,
                "A day of talks on building real systems with .NET, from the people who maintain them."),
            ("Family Science Fair", "City Museum Atrium", 21, 10, 300, 250, [("Child", 5m), ("Adult", 12m)], true,
                "Hands-on experiments for all ages."),
            ("Midsummer Rooftop Cinema", "Rooftop Terrace, Harbour Hall", 45, 21, 150, 80, [("Deck chair", 18m)], true,
                "Classic films under the sky. Blankets provided."),
            ("Chamber Music Matinee (draft)", "Harbour Hall, Small Room", 60, 15, 90, 60, [("Seat", 20m)], false,
                "Still being planned: not visible in the catalog until published."),
        ];

        foreach (var d in demo)
        {
            var draft = new EventDraft
            {
                Title = d.Title, Venue = d.Venue, Description = d.Description,
                StartDate = now.AddDays(d.Days).AddHours(d.Hour), Minutes = d.Minutes, Capacity = d.Capacity,
                Tiers = d.Tiers.Select(t => new PriceTierDraft { Name = t.Item1, Price = t.Item2, Currency = "EUR" }).ToList(),
            };
            var created = await events.CreateAsync(actor, draft);
            if (d.Publish && created.Value is { } e)
                await events.PublishAsync(actor, e.Id);
        }
    }

    private static async Task<PortalUser> EnsureUserAsync(UserManager<PortalUser> users, string email, string name, string? role = null)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not seed {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        if (role is not null && !await users.IsInRoleAsync(user, role))
            await users.AddToRoleAsync(user, role);
        return user;
    }
}
