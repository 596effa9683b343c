using System.Security.Cryptography;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Seats;

public enum SeatStatus
{
    Available,
    Held,
    Sold,
}

/// <summary>One seat of a seated event. Its <see cref="Token"/> is what the organizer's API applications lock and
/// unlock (seed 002); buyers pick seats by <see cref="Id"/> and never see tokens.</summary>
public sealed class Seat : ITimestamped
{
    private Seat() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid EventId { get; private set; }
    public string Section { get; private set; } = "";
    public string Row { get; private set; } = "";
    public int Number { get; private set; }
    /// <summary>Drawing order: sections, then rows, then seats, as the organizer laid them out.</summary>
    public int SortOrder { get; private set; }
    public Guid PriceTierId { get; private set; }
    /// <summary>Opaque and unguessable (128 random bits), so one organizer's token never names another's seat.</summary>
    public string Token { get; private set; } = "";
    public SeatStatus Status { get; private set; }
    /// <summary>The seed's "mpreserve" flag: a locked seat is frozen (not held, sold or refunded) until unlocked.</summary>
    public bool IsLocked { get; private set; }
    /// <summary>The API application that locked it; only that application may unlock it.</summary>
    public Guid? LockedBy { get; private set; }
    /// <summary>The ticket holding or owning the seat while it is held or sold.</summary>
    public Guid? TicketId { get; private set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public string Label => LabelOf(Section, Row, Number);

    /// <summary>How a seat is named to people: "Stalls · Row A · Seat 3".</summary>
    public static string LabelOf(string section, string row, int number) => $"{section} · Row {row} · Seat {number}";

    public static Seat Create(Guid eventId, string section, string row, int number, int sortOrder, Guid priceTierId) => new()
    {
        EventId = eventId,
        Section = section,
        Row = row,
        Number = number,
        SortOrder = sortOrder,
        PriceTierId = priceTierId,
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Status = SeatStatus.Available,
    };

    public bool CanBeTaken => Status == SeatStatus.Available && !IsLocked;

    public void Take(Guid ticketId, bool sold)
    {
        Status = sold ? SeatStatus.Sold : SeatStatus.Held;
        TicketId = ticketId;
    }

    public void Sell() => Status = SeatStatus.Sold;

    public void Release()
    {
        Status = SeatStatus.Available;
        TicketId = null;
    }

    public void Lock(Guid application)
    {
        IsLocked = true;
        LockedBy = application;
    }

    public void Unlock()
    {
        IsLocked = false;
        LockedBy = null;
    }
}

/// <summary>Which seats a ticket holds (or held: the row outlives a release, so a late payment can take the same
/// seats again and the ticket page can still name them).</summary>
public sealed class TicketSeat
{
    private TicketSeat() { }

    public TicketSeat(Seat seat)
    {
        SeatId = seat.Id;
        Label = seat.Label;
        SortOrder = seat.SortOrder;
    }

    public Guid TicketId { get; private set; }
    public Guid SeatId { get; private set; }
    public string Label { get; private set; } = "";
    /// <summary>The seat's place in the map's drawing order, so a ticket lists its seats as they sit.</summary>
    public int SortOrder { get; private set; }
}
