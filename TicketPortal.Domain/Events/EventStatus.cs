namespace TicketPortal.Domain.Events;

public enum EventStatus
{
    Draft,
    Published,
    Cancelled,
    Ended,
}
