using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Operations;

/// <summary>Operation tickets go to their initiator (and admins) on <c>&lt;prefix&gt;-operationticket-*</c>,
/// narrowed by operationId; updates carry old_operationTicket like every database event.</summary>
public sealed class OperationTicketPublication : Publication<OperationTicket, OperationTicketDto>
{
    public const string ObjectName = "operationTicket";
    public const string OperationScope = "operationId";

    public override string Name => ObjectName;
    public override IReadOnlyList<string> ScopeNames { get; } = [OperationScope];
    public override bool Seed004Topics => false;

    public override OperationTicketDto ToDto(OperationTicket entity) => OperationTicketDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(OperationTicketDto t, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(t.Initiator, null, ScopeSet.Of((OperationScope, t.Id))));
}
