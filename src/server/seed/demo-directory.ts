import type { Ctx } from '../context.ts';
import { importDirectory } from '../features/clinics/service.ts';

// Fictional clinics (555 numbers, example.org sites) across several states, for trying the locator.
const DEMO_DIRECTORY_CSV = `name,address,city,state,zip,phone,website,services,accreditations
Hudson River Ketamine Care,12 Washington St,Hoboken,NJ,07030,201 555 0110,https://hudson.example.org,IV ketamine;Psychotherapy,Joint Commission
Brooklyn Heights Mind Clinic,40 Court St,Brooklyn,NY,11201,718 555 0111,https://brooklyn.example.org,Esketamine (REMS-certified);Medication management,
Old City Esketamine Center,200 Market St,Philadelphia,PA,19106,215 555 0112,https://oldcity.example.org,Esketamine (REMS-certified);Psychotherapy,CARF
Back Bay Treatment-Resistant Depression Clinic,10 Boylston St,Boston,MA,02116,617 555 0113,,IV ketamine;TMS,Joint Commission
Lakeshore Ketamine Institute,300 N State St,Chicago,IL,60654,312 555 0114,https://lakeshore.example.org,IV ketamine;IM ketamine,
Front Range Mood Clinic,1600 Broadway,Denver,CO,80202,303 555 0115,,Esketamine (REMS-certified);IV ketamine,
Hill Country Depression Care,500 Congress Ave,Austin,TX,78701,512 555 0116,https://hillcountry.example.org,IV ketamine;Psychotherapy;Medication management,
Sunset Ketamine Therapy,8000 Sunset Blvd,Los Angeles,CA,90046,323 555 0117,,IV ketamine,
Puget Sound Esketamine Clinic,1000 2nd Ave,Seattle,WA,98104,206 555 0118,https://pugetsound.example.org,Esketamine (REMS-certified);ECT,Joint Commission
Biscayne Mood Center,100 Biscayne Blvd,Miami,FL,33132,305 555 0119,,IV ketamine;Esketamine (REMS-certified),
`;

export async function seedDemoDirectory(ctx: Ctx): Promise<void> {
  await importDirectory(ctx, { csv: DEMO_DIRECTORY_CSV, mode: 'append' });
}
