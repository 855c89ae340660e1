using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.Telemetry.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialTelemetry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "energy_intervals",
                columns: table => new
                {
                    site_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    length_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    solar_wh = table.Column<double>(type: "REAL", nullable: false),
                    home_wh = table.Column<double>(type: "REAL", nullable: false),
                    grid_import_wh = table.Column<double>(type: "REAL", nullable: false),
                    grid_export_wh = table.Column<double>(type: "REAL", nullable: false),
                    battery_charge_wh = table.Column<double>(type: "REAL", nullable: false),
                    battery_discharge_wh = table.Column<double>(type: "REAL", nullable: false),
                    covered_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_energy_intervals", x => new { x.site_id, x.length_minutes, x.start });
                });

            migrationBuilder.CreateTable(
                name: "live_samples",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SampledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SolarW = table.Column<double>(type: "REAL", nullable: false),
                    BatteryW = table.Column<double>(type: "REAL", nullable: false),
                    GridW = table.Column<double>(type: "REAL", nullable: false),
                    LoadW = table.Column<double>(type: "REAL", nullable: false),
                    StateOfChargePercent = table.Column<double>(type: "REAL", nullable: false),
                    GridStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OperationMode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    BackupReservePercent = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_live_samples", x => new { x.SiteId, x.SampledAt });
                });

            migrationBuilder.CreateTable(
                name: "rollup_states",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RolledUntil = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rollup_states", x => x.SiteId);
                });

            migrationBuilder.CreateTable(
                name: "tesla_daily_totals",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LocalDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SolarWh = table.Column<double>(type: "REAL", nullable: false),
                    HomeWh = table.Column<double>(type: "REAL", nullable: false),
                    GridImportWh = table.Column<double>(type: "REAL", nullable: false),
                    GridExportWh = table.Column<double>(type: "REAL", nullable: false),
                    BatteryChargeWh = table.Column<double>(type: "REAL", nullable: false),
                    BatteryDischargeWh = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tesla_daily_totals", x => new { x.SiteId, x.LocalDate });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "energy_intervals");

            migrationBuilder.DropTable(
                name: "live_samples");

            migrationBuilder.DropTable(
                name: "rollup_states");

            migrationBuilder.DropTable(
                name: "tesla_daily_totals");
        }
    }
}
