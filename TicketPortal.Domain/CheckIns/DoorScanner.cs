using TicketPortal.Domain.Applications;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.CheckIns;

/// <summary>Who scans at a door: a person (the organizer, door staff, an admin), or an organizer's API application, a
/// device with no one signed in, which reaches only its organizer's events (or the one event it is scoped to).</summary>
public sealed record DoorScanner
{
    private DoorScanner(Actor? person, ApiApplication? application) => (Person, Application) = (person, application);

    public Actor? Person { get; }
    public ApiApplication? Application { get; }

    public static DoorScanner Of(Actor person) => new(person, null);
    public static DoorScanner Of(ApiApplication application) => new(null, application);

    /// <summary>The account the scan is recorded under: the person's, or the application's organizer's.</summary>
    public string UserId => Person?.UserId ?? Application!.OrganizerId;

    /// <summary>The one event this scanner works for, when it has one: a code of any other event is not its door's.</summary>
    public Guid? EventScope => Application?.EventId;
}
