/** Visit-booking form actions; filled in once the tours feature lands. */
export const visitActions = {};
