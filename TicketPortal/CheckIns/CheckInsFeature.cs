using TicketPortal.Domain.CheckIns;

namespace TicketPortal.CheckIns;

/// <summary>At the door: signed admission codes on paid tickets, scanned in by the event's organizer; check-ins go out
/// on the hub as <c>&lt;prefix&gt;-checkin-created</c> and extend the ticket's index entity.</summary>
public static class CheckInsFeature
{
    public static WebApplicationBuilder AddCheckIns(this WebApplicationBuilder builder)
    {
        builder.Services.AddCheckInServices();
        return builder;
    }

    public static WebApplication MapCheckIns(this WebApplication app)
    {
        app.MapCheckInsApi();
        return app;
    }
}
