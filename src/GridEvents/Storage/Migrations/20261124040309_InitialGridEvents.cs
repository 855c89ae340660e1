using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.GridEvents.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialGridEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "curtailment_states",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Curtailed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    EarningsCents = table.Column<decimal>(type: "TEXT", nullable: true),
                    IntervalEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    AssertedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_curtailment_states", x => x.SiteId);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Machine = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Input = table.Column<decimal>(type: "TEXT", nullable: true),
                    Threshold = table.Column<decimal>(type: "TEXT", nullable: true),
                    StateBefore = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StateAfter = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "spike_states",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    PricePerMwh = table.Column<decimal>(type: "TEXT", nullable: true),
                    IntervalEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    BelowExitSince = table.Column<long>(type: "INTEGER", nullable: true),
                    Until = table.Column<long>(type: "INTEGER", nullable: true),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spike_states", x => x.SiteId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_decisions_SiteId_Id",
                table: "decisions",
                columns: new[] { "SiteId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "curtailment_states");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "spike_states");
        }
    }
}
