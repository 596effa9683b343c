namespace TicketPortal.Accounts;

/// <summary>Authorization policies for endpoints and pages.</summary>
public static class Policies
{
    public const string Organizer = "organizer";
    public const string Admin = "admin";
}
