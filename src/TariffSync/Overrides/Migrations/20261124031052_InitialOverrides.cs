using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.TariffSync.Overrides.Migrations
{
    /// <inheritdoc />
    public partial class InitialOverrides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "override_settings",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Setting = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Baseline = table.Column<string>(type: "TEXT", nullable: false),
                    BaselineSource = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CapturedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Applied = table.Column<string>(type: "TEXT", nullable: true),
                    AppliedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_override_settings", x => new { x.SiteId, x.Setting });
                });

            migrationBuilder.CreateTable(
                name: "overrides",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Until = table.Column<long>(type: "INTEGER", nullable: true),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_overrides", x => new { x.SiteId, x.Name });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "override_settings");

            migrationBuilder.DropTable(
                name: "overrides");
        }
    }
}
