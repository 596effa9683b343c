using TicketPortal.Domain.Common;
using TicketPortal.Domain.ServiceRequests;

namespace TicketPortal.Tests.Unit;

public sealed class WorkflowDocumentTests
{
    [Fact]
    public void TheBuiltInWorkflows_AreValid_AndRoundTripAsJson()
    {
        foreach (var workflow in BuiltInWorkflows.All)
        {
            Assert.Empty(workflow.Validate());
            var again = WorkflowDocument.Parse(workflow.ToJson())!;
            Assert.Equal(workflow.ToJson(), again.ToJson());
            Assert.Contains("\"initial_state\"", workflow.ToJson(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ARefundRequest_MovesOnlyAlongItsTransitions_ForTheirRoles()
    {
        var workflow = BuiltInWorkflows.All.Single(w => w.Shortname == BuiltInWorkflows.RefundRequest);
        var request = ServiceRequest.Open(workflow, "attendee", new Reporter("attendee", "Ada", "portal", null), "organizer",
            Guid.NewGuid(), Guid.NewGuid(), [], "{}", null, null, DateTime.UtcNow);
        var attendee = new Actor("attendee", IsAdmin: false);
        var organizer = new Actor("organizer", IsAdmin: false);

        Assert.Equal(FailureKind.Forbidden, request.Check(attendee, "review", null).Failure?.Kind);
        Assert.Equal(FailureKind.Conflict, request.Check(organizer, "approve", null).Failure?.Kind);
        Assert.Equal(FailureKind.Validation, request.Check(organizer, "fly", null).Failure?.Kind);
        Assert.Empty(request.ActionsFor(attendee));
        Assert.Equal(["review"], request.ActionsFor(organizer).Select(t => t.Action));

        request.Take(request.Check(organizer, "review", null).Value!, organizer, "Olga", null, "Looking", DateTime.UtcNow);
        Assert.Equal(FailureKind.Validation, request.Check(organizer, "reject", " ").Failure?.Kind);
        request.Take(request.Check(organizer, "reject", "Past the refund window").Value!, organizer, "Olga", "Past the refund window", null, DateTime.UtcNow);

        Assert.Equal("rejected", request.State);
        Assert.False(request.IsOpen);
        Assert.Equal("Past the refund window", request.ResolutionReason);
        Assert.Equal("Olga", request.CollaboratorMap["reject"]);
        Assert.Equal(["open", "review", "reject"], request.History.Select(h => h.Action));
    }
}
