using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>An organizer's own workflow document. It adds a workflow, or replaces a built-in one of the same
/// shortname for that organizer's events.</summary>
public sealed class Workflow : ITimestamped
{
    private Workflow() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string OrganizerId { get; private set; } = "";
    public string Shortname { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>The JSON document (<see cref="WorkflowDocument"/>), as validated when saved.</summary>
    public string Document { get; private set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public static Workflow Create(string organizerId, WorkflowDocument document)
    {
        var w = new Workflow { OrganizerId = organizerId, Shortname = document.Shortname! };
        w.Replace(document);
        return w;
    }

    public void Replace(WorkflowDocument document)
    {
        Name = string.IsNullOrWhiteSpace(document.Name) ? document.Shortname! : document.Name.Trim();
        Document = document.ToJson();
    }

    public WorkflowDocument Parsed => WorkflowDocument.Parse(Document)!;
}
