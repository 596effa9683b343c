namespace TicketPortal.Accounts;

/// <summary>Authorization policies for endpoints and pages.</summary>
public static class Policies
{
    public const string Organizer = "organizer";
    public const string Admin = "admin";
    /// <summary>Who may come to a door at all: a signed-in person, or an API application by its PAC headers.</summary>
    public const string DoorScanner = "door-scanner";
}
