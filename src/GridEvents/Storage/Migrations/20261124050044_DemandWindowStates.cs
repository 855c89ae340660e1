using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.GridEvents.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DemandWindowStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "demand_window_states",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InWindow = table.Column<bool>(type: "INTEGER", nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_demand_window_states", x => x.SiteId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "demand_window_states");
        }
    }
}
