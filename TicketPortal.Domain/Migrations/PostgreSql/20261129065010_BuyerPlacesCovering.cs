using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class BuyerPlacesCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_EventId_UserId",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_EventId_UserId_Status_Quantity",
                table: "Tickets",
                columns: new[] { "EventId", "UserId", "Status", "Quantity" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_EventId_UserId_Status_Quantity",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_EventId_UserId",
                table: "Tickets",
                columns: new[] { "EventId", "UserId" });
        }
    }
}
