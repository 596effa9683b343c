using TicketPortal.Domain.Applications;

namespace TicketPortal.Accounts;

/// <summary>The API application a request's seed 002 PAC headers authenticated, for the routes that let a device act as
/// its application with no one signed in (the door's check-in).</summary>
public sealed record AuthenticatedApplication(ApiApplication App);
