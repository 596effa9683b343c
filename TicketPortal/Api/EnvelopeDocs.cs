using TicketPortal.Domain.CheckIns;
using TicketPortal.Domain.Operations;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Seats;
using TicketPortal.Domain.ServiceRequests;
using TicketPortal.Events;
using TicketPortal.Seats;
using TicketPortal.ServiceRequests;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Api;

/// <summary>The seed 004 envelope as the OpenAPI document describes it. At run time every answer is an
/// <see cref="Envelope"/> whose data sits under the key its dataName names; each route declares its own typed
/// envelope (below) so a generated client can read the data's fields.</summary>
public abstract class EnvelopeDoc
{
    public required string Status { get; init; }
    public required string StatusCode { get; init; }
    public required long ElapsedMs { get; init; }
    public required string Source { get; init; }
    public string? UserId { get; init; }
    public required string RequestId { get; init; }
    public required string DataName { get; init; }
    public required string Action { get; init; }
    public required string AppVersion { get; init; }
    public required int RowCount { get; init; }
}

/// <summary>A list's envelope: its page and the number of rows across all pages.</summary>
public abstract class ListEnvelopeDoc : EnvelopeDoc
{
    public required PageInfo Paging { get; init; }
}

public sealed class TicketEnvelope : EnvelopeDoc
{
    public required TicketDto Ticket { get; init; }
    public TicketPaymentDto? TicketPayment { get; init; }
    /// <summary>A paid ticket's admissions with their codes, for its holder only.</summary>
    public IReadOnlyList<Admission>? Admissions { get; init; }
}

public sealed class TicketListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<TicketDto> Tickets { get; init; }
}

/// <summary>A ticket with its current payment, as an event's organizer lists them.</summary>
public sealed record TicketWithPayment(TicketDto Ticket, TicketPaymentDto? TicketPayment);

public sealed class TicketWithPaymentListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<TicketWithPayment> Tickets { get; init; }
}

public sealed class EventEnvelope : EnvelopeDoc
{
    public required EventDto Event { get; init; }
}

public sealed class EventListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<EventDto> Events { get; init; }
}

public sealed class OperationTicketEnvelope : EnvelopeDoc
{
    public required OperationTicketDto OperationTicket { get; init; }
}

public sealed class OperationTicketListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<OperationTicketDto> OperationTickets { get; init; }
}

public sealed class SeatMapEnvelope : EnvelopeDoc
{
    public required SeatMapView SeatMap { get; init; }
}

public sealed class ApplicationEnvelope : EnvelopeDoc
{
    public required ApiApplicationDto Application { get; init; }
}

public sealed class ApplicationListEnvelope : EnvelopeDoc
{
    public required IReadOnlyList<ApiApplicationDto> Applications { get; init; }
}

public sealed class ServiceRequestEnvelope : EnvelopeDoc
{
    public required ServiceRequestDto ServiceRequest { get; init; }
    /// <summary>The actions the caller may take now.</summary>
    public required IReadOnlyList<string> AllowedActions { get; init; }
}

public sealed class ServiceRequestListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<ServiceRequestDto> ServiceRequests { get; init; }
}

public sealed class WorkflowEnvelope : EnvelopeDoc
{
    public required ServiceRequestsApi.WorkflowResponse Workflow { get; init; }
}

public sealed class WorkflowListEnvelope : EnvelopeDoc
{
    public required IReadOnlyList<ServiceRequestsApi.WorkflowResponse> Workflows { get; init; }
}

public sealed class TicketPaymentEnvelope : EnvelopeDoc
{
    public required TicketPaymentDto TicketPayment { get; init; }
}

public sealed class TicketPaymentListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<TicketPaymentDto> TicketPayments { get; init; }
}

public sealed class PaymentCustomerEnvelope : EnvelopeDoc
{
    public required PaymentCustomerDto PaymentCustomer { get; init; }
}

public sealed class PaymentCustomerListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<PaymentCustomerDto> PaymentCustomers { get; init; }
}

public sealed class PaymentMethodListEnvelope : ListEnvelopeDoc
{
    public required IReadOnlyList<PaymentMethodDto> PaymentMethods { get; init; }
}

public sealed class CheckInEnvelope : EnvelopeDoc
{
    public required CheckInDto CheckIn { get; init; }
    public required string HolderName { get; init; }
}

public sealed class DoorEnvelope : EnvelopeDoc
{
    public required DoorSummary Door { get; init; }
}

public sealed class DoorStaffEnvelope : EnvelopeDoc
{
    public required DoorStaffDto StaffMember { get; init; }
}

public sealed class DoorStaffListEnvelope : EnvelopeDoc
{
    public required IReadOnlyList<DoorStaffDto> Staff { get; init; }
}
