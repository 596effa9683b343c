using System.Text.Json;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Operations;

namespace TicketPortal.Domain.Seats;

/// <summary>ImportSeatMap: an event's seat map from a CSV file (<see cref="SeatMapCsv"/>), all or nothing; each bad
/// line is one validation result naming the line.</summary>
public sealed class ImportSeatMapOperation(SeatMapService maps) : IOperationHandler
{
    public const string Name = "ImportSeatMap";

    public string Operation => Name;

    public sealed record Input(Guid EventId, string Csv);

    public async Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct)
    {
        var input = JsonSerializer.Deserialize<Input>(ticket.Input) ?? throw new InvalidOperationException("The operation has no input.");
        var result = await maps.ImportAsync(input.EventId, input.Csv, ct);
        if (result.Failure is { } failure)
            return new OperationOutcome(failure.Errors is { Count: > 0 } errors
                ? errors.Select(e => new OperationDetails.ValidationResult(e.Path, e.Message)).ToList()
                : [new OperationDetails.ValidationResult("EventId", failure.Message)]);
        await progress(1);
        return OperationOutcome.Success;
    }
}
