using FlexAspire.Planner.Planning;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexOpenApi("FlexAspire planner", "Plan graphs for task envelopes from the registry's active capabilities.");
builder.AddPlanning();

var app = builder.Build();
app.UseFlexProblemDetails();
app.MapDefaultEndpoints();
app.MapFlexOpenApi();
app.MapPlansApi();
app.Run();
