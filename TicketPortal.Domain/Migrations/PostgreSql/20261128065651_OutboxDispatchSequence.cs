using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketPortal.Domain.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OutboxDispatchSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DispatchSequence",
                table: "OutboxMessages",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "OutboxLeases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.UpdateData(
                table: "OutboxLeases",
                keyColumn: "Name",
                keyValue: "outbox-dispatcher",
                column: "Sequence",
                value: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DispatchSequence",
                table: "OutboxMessages",
                column: "DispatchSequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_DispatchSequence",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "DispatchSequence",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "OutboxLeases");
        }
    }
}
