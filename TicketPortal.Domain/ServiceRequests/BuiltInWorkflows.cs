namespace TicketPortal.Domain.ServiceRequests;

/// <summary>The three workflows every organizer has: seeded as data, replaceable by an organizer's own document of
/// the same shortname.</summary>
public static class BuiltInWorkflows
{
    public const string RefundRequest = "refund_request";
    public const string TicketTransfer = "ticket_transfer";
    public const string GeneralQuestion = "general_question";

    private static readonly string[] Staff = [WorkflowRoles.Organizer, WorkflowRoles.Assignee];

    public static readonly IReadOnlyList<WorkflowDocument> All =
    [
        new(RefundRequest, "Refund request", ["submitted", "in_review", "approved", "rejected"], "submitted", ["approved", "rejected"],
        [
            new("submitted", "review", "in_review", Staff),
            new("in_review", "approve", "approved", Staff, WorkflowEffects.Refund),
            new("in_review", "reject", "rejected", Staff),
        ], ["reject"]),
        new(TicketTransfer, "Ticket transfer", ["submitted", "approved", "rejected"], "submitted", ["approved", "rejected"],
        [
            new("submitted", "approve", "approved", Staff, WorkflowEffects.Transfer),
            new("submitted", "reject", "rejected", Staff),
        ], ["reject"]),
        new(GeneralQuestion, "Question", ["open", "answered", "closed"], "open", ["closed"],
        [
            new("open", "answer", "answered", Staff),
            new("answered", "close", "closed", [WorkflowRoles.Reporter, .. Staff]),
        ], []),
    ];
}
