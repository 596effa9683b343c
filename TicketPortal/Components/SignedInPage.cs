using Microsoft.AspNetCore.Components;
using TicketPortal.Accounts;
using TicketPortal.Domain.Common;

namespace TicketPortal.Components;

/// <summary>A page behind [Authorize]: the router renders it only for a signed-in user, whom the layout
/// cascades as <see cref="CurrentUser"/>.</summary>
public abstract class SignedInPage : ComponentBase
{
    [CascadingParameter] public CurrentUser? CurrentUser { get; set; }

    protected CurrentUser Me => CurrentUser ?? throw new InvalidOperationException($"{GetType().Name} needs a signed-in user.");

    protected Actor Actor => Me.Actor;
}
