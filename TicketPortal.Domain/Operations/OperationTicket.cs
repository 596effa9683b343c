using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Operations;

/// <summary>Seed 000's ticket for background work: Pending until the job finishes, then Completed or Failure.</summary>
public enum OperationStatus
{
    Pending,
    Completed,
    Failure,
}

/// <summary>One background create, update or delete (seed 000): who asked, for which objects, how far it got and
/// how it ended. The entity it works on changes only if the operation succeeds.</summary>
public sealed class OperationTicket : ITimestamped
{
    private OperationTicket() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Operation { get; private set; } = "";
    public List<Guid> ObjectIds { get; private set; } = [];
    public string? Initiator { get; private set; }
    /// <summary>The W3C traceparent of the request that started it.</summary>
    public string CorrelationId { get; private set; } = "";
    public OperationStatus Status { get; private set; }
    public DateTime Started { get; private set; }
    public DateTime? Finished { get; private set; }
    public int ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }
    /// <summary>The seed's details: a ProblemDetails (PascalCase, as the seed prints it) as JSON.</summary>
    public string? Details { get; private set; }
    public string? AdditionalQueryParameter { get; private set; }
    /// <summary>Progress: objects done of <see cref="Total"/>.</summary>
    public int Done { get; private set; }
    public int Total { get; private set; }
    /// <summary>The operation's input as JSON, read by its handler.</summary>
    public string Input { get; private set; } = "{}";
    /// <summary>The job attempts so far (the first run is 1).</summary>
    public int Attempts { get; private set; }
    /// <summary>A file the operation produced (an attendee export), downloadable by its initiator only.</summary>
    public string? OutputFileName { get; private set; }
    public string? Output { get; private set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public static OperationTicket Start(string operation, IReadOnlyList<Guid> objectIds, string? initiator, string correlationId, string input, DateTime now) => new()
    {
        Operation = operation,
        ObjectIds = [.. objectIds],
        Initiator = initiator,
        CorrelationId = correlationId,
        Status = OperationStatus.Pending,
        Started = now,
        Total = objectIds.Count,
        Input = input,
    };

    public void Attempt() => Attempts++;

    public void Progress(int done) => Done = Math.Min(done, Total);

    public void Complete(DateTime now, string? additionalQueryParameter = null, string? details = null, string? outputFileName = null, string? output = null)
    {
        OutputFileName = outputFileName;
        Output = output;
        Status = OperationStatus.Completed;
        Finished = now;
        Done = Total;
        AdditionalQueryParameter = additionalQueryParameter;
        Details = details;
    }

    public void Fail(DateTime now, int errorCode, string errorMessage, string details)
    {
        Status = OperationStatus.Failure;
        Finished = now;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Details = details;
    }
}
