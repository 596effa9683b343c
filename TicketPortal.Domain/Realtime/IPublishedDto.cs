namespace TicketPortal.Domain.Realtime;

/// <summary>The shape every published object shares: consumers drop repeats and order events per object by
/// id and recordVersion; isActive false is a soft delete.</summary>
public interface IPublishedDto
{
    Guid Id { get; }
    int RecordVersion { get; }
    bool IsActive { get; }
}
