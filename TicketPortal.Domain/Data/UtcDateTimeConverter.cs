using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Data;

/// <summary>All times are stored as UTC; SQLite hands them back without a kind, so say so on the way out.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.AsUtc(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
