using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;

namespace TicketPortal.Events.Pages;

/// <summary>Feeds <see cref="EventDraftValidator"/>'s messages into the form's EditContext, so each
/// MudBlazor input shows the message for its own field: the same rules the REST API applies.</summary>
public sealed class EventDraftValidation : ComponentBase, IDisposable
{
    private ValidationMessageStore? store;
    private EditContext? context;
    private bool submitted;

    [CascadingParameter] private EditContext? CurrentEditContext { get; set; }
    [Inject] private TimeProvider Clock { get; set; } = default!;

    protected override void OnInitialized()
    {
        context = CurrentEditContext ?? throw new InvalidOperationException($"{nameof(EventDraftValidation)} must be inside an EditForm.");
        store = new ValidationMessageStore(context);
        context.OnValidationRequested += OnValidationRequested;
        context.OnFieldChanged += OnFieldChanged;
    }

    /// <summary>Shows errors found elsewhere (e.g. a rule the service checks against stored data).</summary>
    public void Show(IEnumerable<FieldError> errors)
    {
        Fill(errors);
        context!.NotifyValidationStateChanged();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        submitted = true;
        Validate();
    }

    // Before the first submit, only the field being edited is checked, so an empty form is not all red.
    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        var errors = EventDraftValidator.Validate((EventDraft)context!.Model, Clock.GetUtcNow().UtcDateTime);
        if (submitted)
            Fill(errors);
        else
        {
            store!.Clear(e.FieldIdentifier);
            foreach (var error in errors.Where(x => ReferenceEquals(x.Owner, e.FieldIdentifier.Model) && x.Member == e.FieldIdentifier.FieldName))
                store.Add(e.FieldIdentifier, error.Message);
        }
        context.NotifyValidationStateChanged();
    }

    private void Validate()
    {
        Fill(EventDraftValidator.Validate((EventDraft)context!.Model, Clock.GetUtcNow().UtcDateTime));
        context.NotifyValidationStateChanged();
    }

    private void Fill(IEnumerable<FieldError> errors)
    {
        store!.Clear();
        foreach (var error in errors)
            store.Add(new FieldIdentifier(error.Owner, error.Member), error.Message);
    }

    public void Dispose()
    {
        if (context is null)
            return;
        context.OnValidationRequested -= OnValidationRequested;
        context.OnFieldChanged -= OnFieldChanged;
    }
}
