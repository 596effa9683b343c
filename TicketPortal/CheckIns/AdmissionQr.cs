using QRCoder;
using TicketPortal.Domain.CheckIns;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.CheckIns;

/// <summary>Admission codes as QR images: PNG for downloads and e-mail, data URIs for the pages (the portal's
/// Content-Security-Policy allows data: images).</summary>
public static class AdmissionQr
{
    public static byte[] Png(string code, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string DataUri(string code, int pixelsPerModule = 6) => "data:image/png;base64," + Convert.ToBase64String(Png(code, pixelsPerModule));

    public static string FileName(Guid ticketId, int number) => $"ticket-{ticketId:N}-{number}.png";

    /// <summary>The admissions of a ticket the actor holds and has paid for; none for anyone else (not even its
    /// organizer: a code is what gets a person in).</summary>
    public static async Task<IReadOnlyList<Admission>> OfHolderAsync(Actor actor, Ticket ticket, AdmissionCodes codes, CancellationToken ct) =>
        ticket.UserId == actor.UserId && ticket.Status == TicketStatus.Paid && ticket.IsActive ? await codes.ForAsync(ticket, ct) : [];
}
