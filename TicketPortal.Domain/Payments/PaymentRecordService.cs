using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Payments;

/// <summary>Look-ups of payments, customers and cards, each scoped to who asks: a buyer sees their own,
/// an organizer those of their events, an admin all. Checkout writes these records; the manual writes
/// here are bookkeeping for admins.</summary>
public sealed class PaymentRecordService(PortalDbContext db)
{
    private IQueryable<TicketPayment> Payments(Actor a) =>
        a.IsAdmin ? db.TicketPayments.AsNoTracking() : db.TicketPayments.AsNoTracking().Where(p => p.OwnerId == a.UserId || p.OrganizerId == a.UserId);

    private IQueryable<PaymentCustomer> Customers(Actor a) =>
        a.IsAdmin ? db.PaymentCustomers.AsNoTracking() : db.PaymentCustomers.AsNoTracking().Where(c => c.UserId == a.UserId || c.OrganizerId == a.UserId);

    private IQueryable<PaymentMethod> Methods(Actor a) =>
        a.IsAdmin ? db.PaymentMethods.AsNoTracking() : db.PaymentMethods.AsNoTracking().Where(m => m.UserId == a.UserId || m.OrganizerId == a.UserId);

    public async Task<Result<TicketPayment>> GetPaymentAsync(Actor a, Guid id, CancellationToken ct = default) =>
        await Payments(a).FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? p : Failure.NotFound($"Ticket payment {id} was not found.");

    public async Task<Result<TicketPayment>> GetPaymentByOrderAsync(Actor a, Guid orderId, CancellationToken ct = default) =>
        await Payments(a).Where(p => p.OrderId == orderId && p.IsActive).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct) is { } p
            ? p : Failure.NotFound($"No payment was found for order {orderId}.");

    public async Task<Result<TicketPayment>> GetPaymentByPaymentIdAsync(Actor a, string paymentId, CancellationToken ct = default) =>
        await Payments(a).FirstOrDefaultAsync(p => p.PaymentId == paymentId, ct) is { } p
            ? p : Failure.NotFound($"No payment has payment id {paymentId}.");

    /// <summary>Payments the caller may see, newest first; <paramref name="needsAttention"/> true lists only those a
    /// person must look at (a refund the provider refused or keeps failing).</summary>
    public async Task<Result<Page<TicketPayment>>> ListPaymentsAsync(Actor a, int page, int pageSize, string? paymentStatus,
        bool? needsAttention = null, CancellationToken ct = default)
    {
        var errors = Paging.Validate(this, page, pageSize);
        if (paymentStatus is not null && !SessionStatus.All.Contains(paymentStatus))
            errors.Add(new("paymentStatus", $"paymentStatus must be one of {string.Join(", ", SessionStatus.All)}.", this, nameof(paymentStatus)));
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var payments = Payments(a).Where(p => p.IsActive);
        if (paymentStatus is not null)
            payments = payments.Where(p => p.PaymentStatus == paymentStatus);
        if (needsAttention is { } attention)
            payments = attention ? payments.Where(p => p.Attention != null) : payments.Where(p => p.Attention == null);
        return await PageAsync(payments.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id), page, pageSize, ct);
    }

    public async Task<Result<TicketPayment>> CreatePaymentAsync(Actor a, TicketPaymentInput input, CancellationToken ct = default)
    {
        if (!a.IsAdmin)
            return Failure.Forbidden("Only admins record payments by hand.");
        var errors = input.Validate(creating: true);
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == input.OrderId, ct);
        if (ticket is null)
            return Failure.Invalid([new("orderId", $"Order {input.OrderId} does not exist.", input, nameof(input.OrderId))]);
        if (await db.TicketPayments.AnyAsync(p => p.PaymentId == input.PaymentId, ct))
            return Failure.Conflict($"A payment with payment id {input.PaymentId} already exists.");

        var payment = new TicketPayment
        {
            Owner = ticket.UserId, OwnerId = ticket.UserId, OrderId = ticket.Id, OrganizerId = ticket.OrganizerId,
            PaymentId = input.PaymentId!, PaymentStatus = input.PaymentStatus ?? SessionStatus.Open, StatusLiteral = input.StatusLiteral ?? PaymentLiteral.Unpaid,
            RedirectUrl = input.RedirectUrl, Amount = ticket.Price, Currency = ticket.Currency,
        };
        db.TicketPayments.Add(payment);
        await db.SaveChangesAsync(ct);
        return payment;
    }

    public async Task<Result<TicketPayment>> UpdatePaymentAsync(Actor a, Guid id, TicketPaymentInput input, CancellationToken ct = default)
    {
        if (!a.IsAdmin)
            return Failure.Forbidden("Only admins change payment records by hand.");
        var errors = input.Validate(creating: false);
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var payment = await db.TicketPayments.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (payment is null)
            return Failure.NotFound($"Ticket payment {id} was not found.");
        if (input.RecordVersion is { } expected && expected != payment.RecordVersion)
            return Failure.Conflict($"The payment is at recordVersion {payment.RecordVersion}, not {expected}. Reload it and try again.");

        payment.PaymentStatus = input.PaymentStatus ?? payment.PaymentStatus;
        payment.StatusLiteral = input.StatusLiteral ?? payment.StatusLiteral;
        payment.RedirectUrl = input.RedirectUrl ?? payment.RedirectUrl;
        return await SaveAsync(payment, ct);
    }

    /// <summary>Soft delete: the record stays for the books with isActive=false.</summary>
    public async Task<Result<TicketPayment>> DeletePaymentAsync(Actor a, Guid id, CancellationToken ct = default)
    {
        if (!a.IsAdmin)
            return Failure.Forbidden("Only admins delete payment records.");
        var payment = await db.TicketPayments.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (payment is null)
            return Failure.NotFound($"Ticket payment {id} was not found.");
        payment.IsActive = false;
        return await SaveAsync(payment, ct);
    }

    public async Task<Result<PaymentCustomer>> GetCustomerAsync(Actor a, Guid id, CancellationToken ct = default) =>
        await Customers(a).FirstOrDefaultAsync(c => c.Id == id, ct) is { } c ? c : Failure.NotFound($"Payment customer {id} was not found.");

    public async Task<Result<Page<PaymentCustomer>>> ListCustomersAsync(Actor a, int page, int pageSize, CancellationToken ct = default)
    {
        var errors = Paging.Validate(this, page, pageSize);
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        return await PageAsync(Customers(a).Where(c => c.IsActive).OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id), page, pageSize, ct);
    }

    public async Task<Result<Page<PaymentMethod>>> ListMethodsAsync(Actor a, int page, int pageSize, CancellationToken ct = default)
    {
        var errors = Paging.Validate(this, page, pageSize);
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        return await PageAsync(Methods(a).Where(m => m.IsActive).OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id), page, pageSize, ct);
    }

    private async Task<Result<TicketPayment>> SaveAsync(TicketPayment payment, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return payment;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.Conflict("The payment was changed at the same time. Reload it and try again.");
        }
    }

    private static async Task<Page<T>> PageAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct) =>
        new(await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct), page, pageSize, await query.CountAsync(ct));
}

/// <summary>An admin's hand-made payment record (create) or change to one (patch: null means unchanged).</summary>
public sealed record TicketPaymentInput(
    Guid? OrderId = null, string? PaymentId = null, string? PaymentStatus = null, string? StatusLiteral = null,
    string? RedirectUrl = null, int? RecordVersion = null)
{
    public IReadOnlyList<FieldError> Validate(bool creating)
    {
        var errors = new List<FieldError>();
        if (creating && (OrderId is null || OrderId == Guid.Empty))
            errors.Add(new("orderId", "orderId is required.", this, nameof(OrderId)));
        if (creating && string.IsNullOrWhiteSpace(PaymentId))
            errors.Add(new("paymentId", "paymentId is required.", this, nameof(PaymentId)));
        else if (PaymentId?.Length > 255)
            errors.Add(new("paymentId", "paymentId must be at most 255 characters.", this, nameof(PaymentId)));
        if (!creating && PaymentId is not null)
            errors.Add(new("paymentId", "paymentId cannot be changed.", this, nameof(PaymentId)));
        if (PaymentStatus is not null && !SessionStatus.All.Contains(PaymentStatus))
            errors.Add(new("paymentStatus", $"paymentStatus must be one of {string.Join(", ", SessionStatus.All)}.", this, nameof(PaymentStatus)));
        if (StatusLiteral is not null && !PaymentLiteral.All.Contains(StatusLiteral))
            errors.Add(new("statusLiteral", $"statusLiteral must be one of {string.Join(", ", PaymentLiteral.All)}.", this, nameof(StatusLiteral)));
        if (RedirectUrl is not null && (!Uri.TryCreate(RedirectUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add(new("redirectUrl", "redirectUrl must be an absolute http(s) URL.", this, nameof(RedirectUrl)));
        return errors;
    }
}
