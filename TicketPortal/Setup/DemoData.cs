using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Applications;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Seats;

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
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date;
        var events = services.GetRequiredService<EventService>();
        var actor = new Actor(organizer.Id, IsAdmin: false);
        await SeedSeatingAsync(services, db, events, actor, now);
        if (await db.Events.AnyAsync(e => e.OrganizerId == organizer.Id && !e.IsSeated))
            return;

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

    public const string SeatedEventTitle = "Harbour Hall Orchestra Gala";
    public const string ApplicationId = "com.harbourhall.boxoffice";
    public const string ChannelCode = "harbour-box-office";
    /// <summary>Development only, printed in the README so its curl examples work as written.</summary>
    public const string ApiKey = "tpk_demo_harbour_box_office_key_not_a_secret";

    /// <summary>A seated event (two sections, two tiers) and the box office application that may lock its seats.
    /// Its seat tokens are derived from the seat's name, so the README's curl examples name real seats; real
    /// maps get random tokens.</summary>
    private static async Task SeedSeatingAsync(IServiceProvider services, PortalDbContext db, EventService events, Actor organizer, DateTime today)
    {
        await services.GetRequiredService<ApiApplications>().EnsureDemoAsync(organizer.UserId,
            new ApiApplicationDraft(ApplicationId, ChannelCode, "Harbour Hall box office"), ApiKey);
        if (await db.Events.AnyAsync(e => e.OrganizerId == organizer.UserId && e.IsSeated))
            return;
        var created = await events.CreateAsync(organizer, new EventDraft
        {
            Title = SeatedEventTitle, Venue = "Harbour Hall, Main Auditorium", StartDate = today.AddDays(35).AddHours(20), Minutes = 150, Capacity = 1,
            Description = "The Harbour Hall Orchestra's season gala. Reserved seating: pick your seats on the map.",
            Tiers = [new PriceTierDraft { Name = "Stalls", Price = 40m, Currency = "EUR" }, new PriceTierDraft { Name = "Balcony", Price = 28m, Currency = "EUR" }],
        });
        if (created.Value is not { } e)
            return;
        var tiers = e.Tiers.OrderBy(t => t.SortOrder).ToList();
        await services.GetRequiredService<SeatMapService>().ReplaceAsync(organizer, e.Id, new SeatMapDraft(
        [
            new SeatSectionDraft("Stalls", "A-H", 16, tiers[0].Id),
            new SeatSectionDraft("Balcony", "A-D", 12, tiers[1].Id),
        ]));
        foreach (var seat in await db.Seats.AsNoTracking().Where(s => s.EventId == e.Id).Select(s => new { s.Id, s.Section, s.Row, s.Number }).ToListAsync())
        {
            var token = DemoToken(seat.Section, seat.Row, seat.Number);
            await db.Seats.Where(s => s.Id == seat.Id).ExecuteUpdateAsync(x => x.SetProperty(s => s.Token, token));
        }
        await events.PublishAsync(organizer, e.Id);
    }

    public static string DemoToken(string section, string row, int number) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"demo {section} {row} {number}")))[..32];

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
