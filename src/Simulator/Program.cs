using TeslaSync.Simulator;

var app = SimulatorApp.Build(args);
app.Run();
