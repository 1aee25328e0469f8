// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

/** Task status colours (index = TASK_STATUS_CODES order: SUCCESS, FAILED, KILLED, RUNNING, UNKNOWN). */
export const STATUS_COLOURS = [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.grey];

export const SERIES_COLOURS = [
  OKABE_ITO.skyBlue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
];

export const SEVERITY_COLOURS = { critical: OKABE_ITO.vermillion, warning: OKABE_ITO.orange, info: OKABE_ITO.skyBlue } as const;
