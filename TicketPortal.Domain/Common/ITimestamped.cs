namespace TicketPortal.Domain.Common;

/// <summary>Rows whose createdAt/updatedAt/recordVersion the DbContext maintains on every save,
/// so no endpoint or service sets them by hand.</summary>
public interface ITimestamped
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
    int RecordVersion { get; set; }
}
