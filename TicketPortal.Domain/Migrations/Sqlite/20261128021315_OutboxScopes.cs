using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ScopeKey",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            // Undelivered events keep their scopes.
            migrationBuilder.Sql("UPDATE OutboxMessages SET ScopeKey = TRIM(COALESCE('eventId=' || lower(EventId), '') || ';' || COALESCE('ticketId=' || lower(TicketId), ''), ';')");

            migrationBuilder.DropColumn(
                name: "EventId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TicketId",
                table: "OutboxMessages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScopeKey",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<Guid>(
                name: "EventId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TicketId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);
        }
    }
}
