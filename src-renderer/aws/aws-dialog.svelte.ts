// Whether the "Open from AWS" dialog is showing; the header's button sets it.
export const awsDialog = $state({ open: false });
