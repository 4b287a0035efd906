import type { ChallengeStatus } from '../src/challenges/challenge-state';

export interface DemoChallenge {
  title: string;
  summary: string;
  description: string;
  welfareArea: string;
  departmentSlug: string;
  /** The demo only ever shows these; drafts are there to show who may see them. */
  status: Extract<ChallengeStatus, 'draft' | 'published' | 'closed'>;
  deadlineInDays: number;
  budgetSek?: number;
  testbedSite?: string;
  expectedEffects: string;
  sdgs: number[];
  tags: string[];
  criteria: { name: string; description: string; weight: number }[];
}

const STANDARD_CRITERIA = [
  {
    name: 'Effekt för invånarna',
    description: 'Expected effect for residents and how it will be measured',
    weight: 40,
  },
  { name: 'Genomförbarhet', description: 'Feasibility within the testbed and the time frame', weight: 30 },
  { name: 'Skalbarhet', description: 'Potential to scale to ordinary operations in the city', weight: 20 },
  { name: 'Hållbarhet', description: 'Social, economic and environmental sustainability', weight: 10 },
];

/** Welfare challenges in every area, in Swedish and in English, as Helsingborg publishes them. */
export const DEMO_CHALLENGES: DemoChallenge[] = [
  {
    title: 'Minskad ofrivillig ensamhet inom äldreomsorgen',
    summary: 'Hur kan vi skapa meningsfulla möten för äldre som bor hemma med hemtjänst?',
    description:
      'Var tredje person över 75 år i Helsingborg uppger att de känner sig ensamma. Äldreomsorgen söker ' +
      'lösningar – digitala eller fysiska – som skapar regelbundna, meningsfulla möten mellan äldre och ' +
      'mellan generationer, och som kan drivas vidare av hemtjänsten och civilsamhället efter piloten.',
    welfareArea: 'healthcare',
    departmentSlug: 'vard-och-omsorgsforvaltningen',
    status: 'published',
    deadlineInDays: 45,
    budgetSek: 600_000,
    testbedSite: 'Drottninghög',
    expectedEffects: 'Färre äldre som rapporterar ensamhet; fler deltagare i mötesplatser.',
    sdgs: [3, 10],
    tags: ['äldre', 'ensamhet', 'hemtjänst'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Remote monitoring for residents in home care',
    summary: 'Safe, dignified remote support that lets older residents live at home longer.',
    description:
      'Home care visits are growing faster than staff. We look for remote monitoring and alarm services ' +
      'that residents actually want, that respect privacy, and that integrate with the care documentation ' +
      'used by the city.',
    welfareArea: 'healthcare',
    departmentSlug: 'vard-och-omsorgsforvaltningen',
    status: 'draft',
    deadlineInDays: 90,
    budgetSek: 900_000,
    expectedEffects: 'Fewer unnecessary home visits; residents feel as safe or safer.',
    sdgs: [3],
    tags: ['home care', 'welfare technology'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Tryggare stadsmiljö kring Knutpunkten kvällstid',
    summary: 'Hur kan belysning, gestaltning och digitala tjänster öka upplevd trygghet?',
    description:
      'Många invånare undviker området kring Knutpunkten efter mörkrets inbrott. Vi söker lösningar som ' +
      'ökar tryggheten utan att öka kameraövervakningen: smart belysning, tillfälliga aktiviteter, ' +
      'trygghetsvandringar med appstöd eller annat.',
    welfareArea: 'security',
    departmentSlug: 'stadsbyggnadsforvaltningen',
    status: 'published',
    deadlineInDays: 30,
    budgetSek: 750_000,
    testbedSite: 'Knutpunkten',
    expectedEffects: 'Högre upplevd trygghet i trygghetsmätningen; fler rörelser i området kvällstid.',
    sdgs: [11, 16],
    tags: ['trygghet', 'belysning', 'stadsmiljö'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Safer school routes with connected vehicles',
    summary: 'Reduce near-misses between children and vehicles on the way to school.',
    description:
      'Delivery vehicles and cars are a daily risk on the routes to several schools in Helsingborg. We ' +
      'invite solutions that warn drivers, guide children and give the city data on near-misses, tested ' +
      'on the routes to two schools.',
    welfareArea: 'security',
    departmentSlug: 'skol-och-fritidsforvaltningen',
    status: 'closed',
    deadlineInDays: 20,
    testbedSite: 'Oceanhamnen',
    expectedEffects: 'Fewer reported near-misses; more children walking or cycling to school.',
    sdgs: [3, 11],
    tags: ['traffic safety', 'schools', 'vehicles'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Vägar till arbete för unga som varken arbetar eller studerar',
    summary: 'Nya sätt att nå och matcha unga vuxna med arbetsgivare i Helsingborg.',
    description:
      'Omkring 1 500 unga vuxna i Helsingborg varken arbetar eller studerar. Arbetsmarknadsförvaltningen ' +
      'söker metoder och tjänster som når dem där de är och matchar dem med arbetsgivare, praktik eller ' +
      'utbildning.',
    welfareArea: 'employment',
    departmentSlug: 'arbetsmarknadsforvaltningen',
    status: 'published',
    deadlineInDays: 60,
    budgetSek: 1_200_000,
    expectedEffects: 'Fler unga i arbete eller studier sex månader efter insatsen.',
    sdgs: [4, 8],
    tags: ['unga', 'arbetsmarknad', 'matchning'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Skills matching for newly arrived professionals',
    summary: 'Help employers recognise the skills of newly arrived engineers, nurses and teachers.',
    description:
      'Newly arrived professionals often work far below their qualifications. We look for services that ' +
      'validate skills quickly and connect candidates with employers in the region who are short of staff.',
    welfareArea: 'employment',
    departmentSlug: 'arbetsmarknadsforvaltningen',
    status: 'published',
    deadlineInDays: 75,
    budgetSek: 800_000,
    expectedEffects: 'Shorter time from arrival to a qualified job.',
    sdgs: [8, 10],
    tags: ['employment', 'skills', 'integration'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Fossilfria leveranser i city',
    summary: 'Hur kan varuleveranser till stadskärnan bli fossilfria och färre?',
    description:
      'Leveransfordon står för en stor del av trafiken och utsläppen i stadskärnan. Miljöförvaltningen ' +
      'söker lösningar för samlastning, elektrifierade leveranser och lastcyklar som kan testas med ' +
      'handlare i centrum.',
    welfareArea: 'climate',
    departmentSlug: 'miljoforvaltningen',
    status: 'published',
    deadlineInDays: 40,
    budgetSek: 1_000_000,
    testbedSite: 'Stadskärnan',
    expectedEffects: 'Minskade koldioxidutsläpp och färre leveransfordon i centrum.',
    sdgs: [11, 13],
    tags: ['klimat', 'leveranser', 'elfordon'],
    criteria: STANDARD_CRITERIA,
  },
  {
    title: 'Cooling the city: heat resilience for vulnerable residents',
    summary: 'Protect older and ill residents from summer heat waves.',
    description:
      'Heat waves are becoming more frequent. We invite solutions that identify residents at risk, cool ' +
      'indoor environments in care homes without more energy use, and warn residents and staff in time.',
    welfareArea: 'climate',
    departmentSlug: 'miljoforvaltningen',
    status: 'published',
    deadlineInDays: 50,
    budgetSek: 700_000,
    expectedEffects: 'Fewer heat-related hospital admissions among residents over 75.',
    sdgs: [3, 13],
    tags: ['climate adaptation', 'heat', 'care homes'],
    criteria: STANDARD_CRITERIA,
  },
];
