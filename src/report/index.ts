export { collectIncidents, type Collected, type IncidentData, type ReportEdge, type ReportPost } from './collect.js';
export { writeReports, type ReportOptions, type WrittenReport } from './report.js';
export { renderIncidentPage } from './render-incident.js';
export { renderWhatIfPage } from './render-what-if.js';
export { incidentGexf } from './gexf.js';
